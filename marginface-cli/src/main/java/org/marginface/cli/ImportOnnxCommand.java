package org.marginface.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.marginface.core.model.Manifest;
import org.marginface.core.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = {"Import an ONNX face embedder (input N x 3 x H x W, output N x D) as a model directory that"
                + " every --model option takes. Options a graph written by 'export onnx' carries in its metadata"
                + " default to those values."})
final class ImportOnnxCommand implements Callable<Integer> {

    @Option(names = "--onnx", required = true, paramLabel = "F.onnx", description = "the ONNX graph")
    Path onnx;

    @Option(names = "--out", required = true, paramLabel = "M", description = "the model directory to write (new)")
    Path out;

    @Option(names = "--input", paramLabel = "HxW", description = "input size (default: the graph's)")
    String input;

    @Option(names = "--template", paramLabel = "T",
            description = "alignment template: 112x112, 112x96 or X1,Y1,...,X5,Y5 in input pixels"
                    + " (default: the named template of the input size)")
    String template;

    @Option(names = "--normalize", paramLabel = "N",
            description = "imagenet or MEAN/STD in pixel units, one value or one per channel R,G,B,"
                    + " e.g. 127.5/128 or 123.675,116.28,103.53/58.395,57.12,57.375 (default: 127.5/128)")
    String normalize;

    @Option(names = "--channels", paramLabel = "rgb|bgr", description = "input plane order (default: rgb)")
    String channels;

    @Option(names = "--output", paramLabel = "NAME", description = "the output holding the embedding (default: the only one)")
    String output;

    @Override
    public Integer call() throws Exception {
        Manifest m = new OnnxImport(input, template, normalize, channels, output).run(onnx, out);
        System.out.println("imported " + onnx + " as " + out + ": " + m.onnx().embeddingSize() + "-d embedding, "
                + (m.onnx().fixedBatch() == 0 ? "dynamic batch" : "batch fixed at " + m.onnx().fixedBatch())
                + ", input " + m.input().describe() + ", SHA-256 " + m.files().get(m.onnx().file()));
        return 0;
    }
}
