import java.nio.file.Path;
import java.util.Locale;
import org.marginface.train.data.Dataset;
import org.marginface.train.data.DatasetScan;
import org.marginface.train.data.TrainingImages;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.model.ModelInput;

/**
 * Read + decode throughput of a folder tree against the .rec packed from it, without a network: the
 * start-up scan of every image, on 2 threads, the two sources alternating (ABBA) so both see the same load.
 *
 * <pre>
 * java -cp "marginface-cli/target/marginface-cli.jar:marginface-cli/target/lib/*" scripts/DecodeSourcesBench.java TREE TREE.rec [ROUNDS]
 * </pre>
 */
public class DecodeSourcesBench {
    public static void main(String[] args) throws Exception {
        Dataset folder = Dataset.fromFolders(Path.of(args[0]));
        Dataset rec = Dataset.fromRecordIo(Path.of(args[1]));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        TrainingImages decoder = new TrainingImages(ModelInput.defaultFor(BackboneSpec.sphereface(20)), false);
        DatasetScan.scan(folder, decoder, 2);
        DatasetScan.scan(rec, decoder, 2);
        double folderSeconds = 0;
        double recSeconds = 0;
        for (int i = 0; i < rounds; i++) {
            for (int half = 0; half < 2; half++) {
                boolean recNow = (i % 2 == 0) == (half == 0);
                long t0 = System.nanoTime();
                DatasetScan.scan(recNow ? rec : folder, decoder, 2);
                double s = (System.nanoTime() - t0) / 1e9;
                if (recNow) {
                    recSeconds += s;
                } else {
                    folderSeconds += s;
                }
                System.out.printf(Locale.ROOT, "round %d %s %.2f s (%.0f img/s)%n", i + 1, recNow ? "rec" : "folder", s,
                        folder.size() / s);
            }
        }
        System.out.printf(Locale.ROOT, "read+decode of %d images on 2 threads: folder %.0f img/s, rec %.0f img/s, "
                + "rec/folder %.3f%n", folder.size(), rounds * folder.size() / folderSeconds,
                rounds * folder.size() / recSeconds, folderSeconds / recSeconds);
    }
}
