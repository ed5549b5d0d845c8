package org.marginface.cli;

import picocli.CommandLine.Command;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model: LFW verification, insightface .bin sets, MegaFace-style identification, the feature-norm study, two models' features compared.",
        subcommands = {EvalLfwCommand.class, EvalBinCommand.class, EvalIdentifyCommand.class, EvalNormsCommand.class, EvalCompareCommand.class})
final class EvalCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
