package org.marginface.cli;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.backbone.SphereFace;
import org.marginface.core.model.FaceModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a backbone's layers, output shapes, parameter counts and analytic FLOPs.")
final class SummaryCommand implements Callable<Integer> {

    @Option(names = "--backbone", defaultValue = "sphereface20", description = "backbone name (default: ${DEFAULT-VALUE})")
    String backbone;

    @Option(names = "--embedding", defaultValue = "512", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding;

    @Option(names = "--input", defaultValue = "112x96", description = "input HEIGHTxWIDTH (default: ${DEFAULT-VALUE})")
    String input;

    @Override
    public Integer call() {
        int[] size = InputSize.parse(input);
        BackboneSpec spec = BackboneSpec.parse(backbone, size[0], size[1], embedding);
        try (FaceModel model = FaceModel.create(spec, null, 0, 0)) {
            System.out.printf(Locale.ROOT, "%s, input 3x%dx%d, scaled (x - 127.5) / 128%n", spec.name(),
                    spec.inputHeight(), spec.inputWidth());
            System.out.printf(Locale.ROOT, "%-4s %-28s %-20s %12s%n", "#", "layer", "output", "parameters");
            Shape shape = new Shape(1, 3, spec.inputHeight(), spec.inputWidth());
            int index = 0;
            for (Pair<String, Block> child : model.backbone().getChildren()) {
                Block block = child.getValue();
                shape = block.getOutputShapes(new Shape[] {shape})[0];
                long params = 0;
                for (Pair<String, Parameter> p : block.getParameters()) {
                    params += p.getValue().getArray().size();
                }
                System.out.printf(Locale.ROOT, "%-4d %-28s %-20s %,12d%n", index++, describe(block), shape, params);
            }
            long total = SphereFace.parameterCount(model.backbone());
            double gflops = 2.0 * spec.forwardMacs() / 1e9;
            System.out.printf(Locale.ROOT, "trunk parameters: %,d%n", total);
            System.out.printf(Locale.ROOT, "forward: %.3f GMAC = %.2f GFLOP per image; a training step costs about 3x that%n",
                    spec.forwardMacs() / 1e9, gflops);
        }
        return 0;
    }

    private static String describe(Block block) {
        String name = block.getClass().getSimpleName();
        if (block instanceof ai.djl.nn.convolutional.Conv2d) {
            // at the top level of the trunk, convolutions are the stride-2 stage openers
            return "Conv2d 3x3, stride 2";
        }
        if (block instanceof ai.djl.nn.LambdaBlock) {
            return "Flatten";
        }
        return name.isEmpty() ? block.toString() : name;
    }
}
