package org.marginface.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.marginface.core.align.AlignJob;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceAligner;
import org.marginface.core.align.LandmarkFile;
import org.marginface.core.align.TreeAligner;
import org.marginface.core.detect.MtcnnDetector;
import org.marginface.core.image.FaceImages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marginface align}: five-point alignment of every image a landmark file names. */
@Command(
        name = "align",
        mixinStandardHelpOptions = true,
        description = {
            "Aligns every image named in a landmark file onto a face template (least-squares similarity"
                    + " transform of the five points, bilinear resampling) and writes the crops into a mirror"
                    + " of the image tree.",
            "Landmark file: one image a line, 'path x1 y1 ... x5 y5' or 'path label x1 y1 ... x5 y5'"
                    + " (left eye, right eye, nose, left and right mouth corner; path relative to --images).",
            "Bad rows (missing image, wrong number of values, non-finite or degenerate points) are reported"
                    + " with their line number and skipped; the exit code is then 1 unless --keep-going is given.",
            "Photos without a landmark file: --detect finds each photo's main face (MTCNN; the largest, most"
                    + " central one) and writes the landmarks it used to " + AlignJob.DETECTED_FILE
                    + " in the output directory (reusable with --landmarks).",
            "--detect --faces all aligns every face found instead: the crops of photo a/b.jpg are a/b_face1.jpg"
                    + " (the main face), a/b_face2.jpg, ... (the others, best detector score first), and "
                    + AlignJob.DETECTED_FACES_FILE + " in the output directory lists each photo's faces"
                    + " (box, score, landmarks) with the name of each one's crop."
        })
final class AlignCommand implements Callable<Integer> {

    /** Rows reported on stderr; the full list goes to {@link AlignJob#PROBLEMS_FILE} in the output directory. */
    static final int PROBLEMS_SHOWN = 20;

    /** Which detected faces of a photo are aligned. */
    enum Faces { main, all }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Directory the landmark file's paths are relative to.")
    Path images;

    @Option(names = "--landmarks", paramLabel = "FILE", description = "The landmark file (or --detect).")
    Path landmarks;

    @Option(names = "--detect", description = "Find the landmarks: the main face of every photo under --images.")
    boolean detect;

    @Option(names = "--faces", paramLabel = "main|all", defaultValue = "main",
            description = "With --detect: align each photo's main face, or all its faces (crops named"
                    + " NAME_face1, NAME_face2, ...; face1 is the main face). Default: ${DEFAULT-VALUE}.")
    Faces faces;

    @CommandLine.Mixin
    DetectorOptions detector;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the crops go, at the images' relative paths.")
    Path out;

    @Option(names = "--template", paramLabel = "HxW", defaultValue = "112x96", converter = TemplateConverter.class,
            description = "Crop template: 112x96 (SphereFace / AM-Softmax) or 112x112 (the same points 8 px right). Default: ${DEFAULT-VALUE}.")
    AlignmentTemplate template;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "jpg", converter = FormatConverter.class,
            description = "Output format: jpg or png. Default: ${DEFAULT-VALUE}.")
    FaceImages.Format format;

    @Option(names = "--jpeg-quality", paramLabel = "Q", defaultValue = "" + FaceImages.DEFAULT_JPEG_QUALITY,
            description = "JPEG quality 1-100. Default: ${DEFAULT-VALUE}, as the reference crops.")
    int jpegQuality;

    @Option(names = "--threads", paramLabel = "N", description = "Images aligned at once. Default: all cores.")
    Integer threads;

    @Option(names = "--keep-going", description = "Exit 0 even when rows were skipped (as long as some image was aligned).")
    boolean keepGoing;

    @Override
    public Integer call() throws IOException, InterruptedException {
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        // the job checks the directories (its record fields images and out are --images and --out)
        AlignJob job = new AlignJob(images, out, new TreeAligner(new FaceAligner(template), format, jpegQuality, workers));
        if (detect == (landmarks != null)) {
            throw new IllegalArgumentException("give either --landmarks FILE or --detect");
        }
        if (faces == Faces.all && !detect) {
            throw new IllegalArgumentException("--faces all needs --detect (a landmark file gives one face per row)");
        }
        if (landmarks != null && !Files.isRegularFile(landmarks)) {
            throw new IllegalArgumentException("--landmarks " + landmarks + " is not a file");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();

        AlignJob.Progress progress = new AlignJob.Progress() {
            private final Progress detecting = new Progress("detect");
            private Progress aligning;

            @Override
            public void detected(long photos, long total) {
                detecting.update(photos, total);
            }

            @Override
            public void detectionDone(AlignJob.Detection d) {
                stdout.printf(Locale.ROOT, faces == Faces.all
                        ? "detected %3$d faces in %2$d of %1$d photos; faces in %4$s%n"
                        : "detected a face in %2$d of %1$d photos; landmarks in %4$s%n",
                        d.photos(), d.photosWithFaces(), d.faces(), d.kept());
            }

            @Override
            public void aligned(long rows, long total) {
                if (aligning == null) {
                    aligning = new Progress("align");
                }
                aligning.update(rows, total);
            }
        };
        AlignJob.Outcome outcome;
        if (detect) {
            try (MtcnnDetector mtcnn = detector.load()) {
                outcome = job.detectAndAlign(mtcnn, faces == Faces.all ? AlignJob.Faces.ALL : AlignJob.Faces.MAIN, progress);
            }
        } else {
            outcome = job.fromLandmarks(LandmarkFile.read(landmarks), progress);
        }

        TreeAligner.Result result = outcome.alignment();
        outcome.problemsFile().ifPresent(file -> report(result.problems(), file, stderr));
        stdout.printf(Locale.ROOT, "aligned %d of %d listed images into %s (%s, %s)%s%n", result.aligned(),
                outcome.listed(), out, template,
                format == FaceImages.Format.JPG ? "jpg q" + jpegQuality : format.extension(),
                result.problems().isEmpty() ? "" : "; skipped " + result.problems().size());
        if (result.aligned() > 0) {
            double n = result.aligned();
            stdout.printf(Locale.ROOT, "%.1f images/s: %d images in %.2f s on %d thread%s"
                            + " (per image: read %.2f ms, align %.2f ms, write %.2f ms)%n",
                    result.imagesPerSecond(), result.aligned(), result.seconds(), workers, workers == 1 ? "" : "s",
                    1e3 * result.readSeconds() / n, 1e3 * result.alignSeconds() / n, 1e3 * result.writeSeconds() / n);
        }
        stdout.flush();
        if (result.aligned() == 0) {
            stderr.println("error: no image was aligned");
            stderr.flush();
            return 1;
        }
        return result.problems().isEmpty() || keepGoing ? 0 : 1;
    }

    /** Shows the first problems on stderr; the job wrote them all to {@code problemsFile}. */
    private static void report(List<LandmarkFile.Problem> problems, Path problemsFile, PrintWriter stderr) {
        List<String> lines = problems.stream().map(LandmarkFile.Problem::toString).toList();
        stderr.println("skipped " + problems.size() + " row" + (problems.size() == 1 ? "" : "s") + ":");
        lines.stream().limit(PROBLEMS_SHOWN).forEach(line -> stderr.println("  " + line));
        if (problems.size() > PROBLEMS_SHOWN) {
            stderr.println("  ... and " + (problems.size() - PROBLEMS_SHOWN) + " more");
        }
        stderr.println("all skipped rows are listed in " + problemsFile);
        stderr.flush();
    }

    static final class TemplateConverter implements CommandLine.ITypeConverter<AlignmentTemplate> {
        @Override
        public AlignmentTemplate convert(String value) {
            try {
                return AlignmentTemplate.fromLabel(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<FaceImages.Format> {
        @Override
        public FaceImages.Format convert(String value) {
            try {
                return FaceImages.Format.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
