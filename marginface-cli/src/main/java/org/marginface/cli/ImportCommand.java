package org.marginface.cli;

import picocli.CommandLine.Command;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Turn a face embedder trained elsewhere into a marginface model directory.",
        subcommands = {ImportOnnxCommand.class})
final class ImportCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
