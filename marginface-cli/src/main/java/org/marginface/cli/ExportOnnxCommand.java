package org.marginface.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.export.OnnxExport;
import org.marginface.core.model.FaceModel;
import org.marginface.core.model.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = {"Write a model's backbone as an ONNX graph (opset " + OnnxExport.OPSET + ", free batch size) that"
                + " ONNX Runtime and other ONNX readers run with the features libtorch gives.",
            "Input '" + OnnxExport.INPUT_NAME + "': N x 3 x H x W, scaled and in the channel order of the model's"
                + " manifest (field 'input'). Output '" + OnnxExport.OUTPUT_NAME + "': N x D, not normalised.",
            "The graph's metadata (marginface.input, .template, .normalize, .channels, .backbone) carries that size,"
                + " template, normalisation and channel order; `import onnx` reads them back."})
final class ExportOnnxCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model directory to export")
    Path model;

    @Option(names = "--out", required = true, description = "ONNX file to write (replaced if it exists)")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (FaceModel loaded = ModelDirectory.load(model)) {
            OnnxExport.write(loaded, out);
            BackboneSpec spec = loaded.spec();
            System.out.printf(Locale.ROOT, "wrote %s: %s %dx%d, %d-d embedding, weights %s, %.1f MB%n", out, spec.name(),
                    spec.inputHeight(), spec.inputWidth(), spec.embeddingSize(), loaded.manifest().fingerprint(),
                    Files.size(out) / 1e6);
        }
        return 0;
    }
}
