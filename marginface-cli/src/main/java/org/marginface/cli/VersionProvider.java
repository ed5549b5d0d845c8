package org.marginface.cli;

import org.marginface.core.model.Version;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"marginface " + Version.get(), "Java " + System.getProperty("java.version")};
    }
}
