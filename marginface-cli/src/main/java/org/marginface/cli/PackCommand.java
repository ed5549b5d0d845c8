package org.marginface.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.marginface.core.pack.InsightfacePack;
import org.marginface.core.pack.RecordIoWriter;
import org.marginface.eval.LfwLocation;
import org.marginface.eval.LfwPairs;
import org.marginface.eval.bin.VerificationBin;
import org.marginface.train.data.Dataset;
import org.marginface.train.data.Sample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marginface pack}: writes the data packs insightface's users train and evaluate on. */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Write insightface-style packs: a RecordIO training set (.rec + .idx) or a .bin verification set.",
        subcommands = {PackCommand.Rec.class, PackCommand.Bin.class})
final class PackCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "rec", mixinStandardHelpOptions = true,
            description = {"Pack an identity-folder tree (<identity>/<image>.jpg|png) into train.rec + train.idx as",
                "insightface's packs are: a header record, one record per image (label: the identity, in the",
                "order train's folder source numbers them) and one record per identity. Files are stored as they are."})
    static final class Rec implements Callable<Integer> {

        @Option(names = "--images", required = true, paramLabel = "TREE", description = "the identity-folder tree")
        Path images;

        @Option(names = "--out", required = true, paramLabel = "FILE.rec", description = "the .rec to write (the .idx goes beside it)")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (!out.getFileName().toString().endsWith(".rec")) {
                throw new IllegalArgumentException("--out " + out + ": name the pack FILE.rec");
            }
            Dataset dataset = Dataset.fromFolders(images);
            List<Sample> samples = dataset.samples();
            int[] identities = samples.stream().mapToInt(Sample::label).toArray();
            InsightfacePack.write(out, identities, i -> Files.readAllBytes(samples.get(i).file()));
            System.out.printf("wrote %s and %s: %d images of %d identities%n", out, RecordIoWriter.indexOf(out).getFileName(),
                    samples.size(), dataset.labels().numClasses());
            return 0;
        }
    }

    @Command(name = "bin", mixinStandardHelpOptions = true,
            description = {"Pack the image pairs of a pairs.txt-style list into an insightface .bin verification set",
                "(a pickle of the encoded images, two per pair, and one boolean per pair)."})
    static final class Bin implements Callable<Integer> {

        @Option(names = "--lfw", required = true, paramLabel = "DIR",
                description = "the folder with the aligned images (or holding lfw-112x96/ and pairs.txt)")
        Path lfw;

        @Option(names = "--pairs", paramLabel = "FILE", description = "the pairs list (default: pairs.txt beside the images)")
        Path pairs;

        @Option(names = "--out", required = true, paramLabel = "FILE.bin", description = "the .bin to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            LfwLocation where = LfwLocation.of(lfw, pairs);
            VerificationBin bin = VerificationBin.of(LfwPairs.read(where.pairs(), where.images()), out);
            bin.write(out);
            System.out.printf("wrote %s: %d pairs, %d images%n", out, bin.pairs(), bin.images().size());
            return 0;
        }
    }
}
