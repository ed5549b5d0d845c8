package org.marginface.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.marginface.core.pack.ImageRecord;
import org.marginface.core.pack.InsightfacePack;
import org.marginface.core.pack.RecordIoReader;
import org.marginface.train.config.DataConfig;

/**
 * A labelled list of training images, from an identity-folder tree, a list file or a RecordIO pack.
 * Labels are dense (0..C−1) and assigned in a fixed order — identity folders sorted by name, list-file
 * and pack labels sorted by their value — so that the same files always give the same labels and the
 * same data order.
 *
 * @param skipped entries of the tree or list file that are neither an identity nor an image (symbolic link loops,
 *     broken links, a link back to the root), listed with the reason like unreadable files
 * @param store where the encoded bytes of a sample come from
 */
public record Dataset(Path root, List<Sample> samples, LabelMap labels, List<DatasetScan.BadFile> skipped,
        ImageStore store) {

    private static final Set<String> IMAGE_SUFFIXES = Set.of(".jpg", ".jpeg", ".png");

    /** Reads the encoded image of a sample; safe to call from several threads. */
    @FunctionalInterface
    public interface ImageStore {
        byte[] read(Sample sample) throws IOException;
    }

    /** Image files, read whole. */
    public static final ImageStore FILES = sample -> Files.readAllBytes(sample.file());

    public Dataset {
        samples = List.copyOf(samples);
        skipped = List.copyOf(skipped);
    }

    /** Why a directory entry that is neither a directory nor a regular file cannot be used, or null if it is none of those. */
    private static String unusable(Path entry) {
        if (Files.isDirectory(entry) || Files.isRegularFile(entry)) {
            return null;
        }
        if (!Files.isSymbolicLink(entry)) {
            return null; // a socket, a device: not data, and not worth a line
        }
        try {
            entry.toRealPath();
            return null;
        } catch (java.nio.file.NoSuchFileException e) {
            return "a broken symbolic link";
        } catch (IOException e) {
            return "a symbolic link that cannot be followed (a loop?): " + (e.getMessage() == null ? e : e.getMessage());
        }
    }

    /** A dataset of image files. */
    public Dataset(Path root, List<Sample> samples, LabelMap labels) {
        this(root, samples, labels, List.of(), FILES);
    }

    /** The encoded image of {@code sample}. */
    public byte[] read(Sample sample) throws IOException {
        return store.read(sample);
    }

    /**
     * An insightface / MXNet RecordIO pack: the image records (all records, or those record 0's
     * header names), each labelled by its header's first label. Labels are renumbered 0..C−1 in
     * increasing order and named by their value; samples keep the records' order.
     *
     * @throws IOException naming the file and record for a broken index, frame or header (a broken
     *     image inside a sound record is left to the scan, which lists it)
     */
    public static Dataset fromRecordIo(Path rec) throws IOException {
        RecordIoReader reader = RecordIoReader.open(rec);
        long[] keys = InsightfacePack.imageKeys(reader);
        if (keys.length == 0) {
            throw new IOException("data.root: " + rec + " holds no image records");
        }
        String prefix = rec.getFileName().toString() + "#";
        long[] source = new long[keys.length];
        Map<Long, Integer> countOf = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            float label = ImageRecord.unpack(reader.read(keys[i]), rec + ": record " + keys[i]).label();
            if (label != Math.rint(label) || label < 0) {
                throw new IOException(rec + ": record " + keys[i] + " has label " + label + ", not an identity number");
            }
            source[i] = (long) label;
            countOf.merge(source[i], 1, Integer::sum);
        }
        Map<Long, Integer> dense = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (Long s : countOf.keySet()) {
            dense.put(s, dense.size());
            names.add(Long.toString(s));
        }
        List<Sample> samples = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            samples.add(new Sample(rec, prefix + keys[i], dense.get(source[i]), keys[i]));
        }
        ImageStore store = sample -> ImageRecord.unpack(reader.read(sample.record()), rec + ": record " + sample.record())
                .image();
        return new Dataset(rec, samples, new LabelMap(names, List.copyOf(countOf.values())), List.of(), store);
    }

    /** The CASIA-WebFace layout: {@code root/<identity>/<image>}, JPEG or PNG by file name. */
    public static Dataset fromFolders(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("data.root: " + root + " is not a directory");
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(root)) {
            entries = list.sorted().toList();
        }
        Path realRoot = root.toRealPath();
        List<DatasetScan.BadFile> skipped = new ArrayList<>();
        List<Path> identities = new ArrayList<>();
        for (Path entry : entries) {
            String why = unusable(entry);
            if (why != null) {
                skipped.add(new DatasetScan.BadFile(root.relativize(entry).toString(), why));
            } else if (Files.isDirectory(entry)) {
                if (realRoot.startsWith(entry.toRealPath())) {
                    skipped.add(new DatasetScan.BadFile(root.relativize(entry).toString(),
                            "a link to the data root or above it, not an identity"));
                } else {
                    identities.add(entry);
                }
            }
        }
        List<Sample> samples = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Path identity : identities) {
            List<Path> images;
            try (Stream<Path> list = Files.list(identity)) {
                images = list.filter(Dataset::isImageName).sorted().toList();
            }
            List<Path> regular = new ArrayList<>();
            for (Path image : images) {
                String why = unusable(image);
                if (why != null) {
                    skipped.add(new DatasetScan.BadFile(root.relativize(image).toString(), why));
                } else if (Files.isRegularFile(image)) {
                    regular.add(image);
                }
            }
            images = regular;
            if (images.isEmpty()) {
                continue;
            }
            int label = names.size();
            names.add(identity.getFileName().toString());
            counts.add(images.size());
            for (Path image : images) {
                samples.add(new Sample(image, root.relativize(image).toString(), label));
            }
        }
        if (samples.isEmpty()) {
            throw new IOException("data.root: " + root + " holds no <identity>/<image>.jpg|.png files");
        }
        return new Dataset(root, samples, new LabelMap(names, counts), skipped, FILES);
    }

    /**
     * A list file of {@code relative/path label} lines, paths relative to {@code root}. Labels need not
     * be dense: they are renumbered 0..C−1 in increasing order, and each label's identity is named by
     * the first directory of its files' paths.
     */
    public static Dataset fromList(Path listFile, Path root) throws IOException {
        if (!Files.isRegularFile(listFile)) {
            throw new IOException("data.list: " + listFile + " does not exist");
        }
        record Entry(String path, long sourceLabel) {}
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = Math.max(line.lastIndexOf(' '), line.lastIndexOf('\t'));
            if (space <= 0) {
                throw new IOException(listFile + ":" + (i + 1) + ": expected 'relative/path label', got '" + line + "'");
            }
            try {
                entries.add(new Entry(line.substring(0, space).strip(), Long.parseLong(line.substring(space + 1))));
            } catch (NumberFormatException e) {
                throw new IOException(listFile + ":" + (i + 1) + ": the label '" + line.substring(space + 1)
                        + "' is not a whole number");
            }
        }
        if (entries.isEmpty()) {
            throw new IOException("data.list: " + listFile + " lists no images");
        }
        // the folder scan's checks: a link that cannot be followed, or one to a directory, is no image
        Path realRoot = Files.isDirectory(root) ? root.toRealPath() : null;
        List<DatasetScan.BadFile> skipped = new ArrayList<>();
        List<Entry> usable = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Path file = root.resolve(e.path());
            String why = unusable(file);
            if (why == null && Files.isDirectory(file)) {
                why = realRoot != null && realRoot.startsWith(file.toRealPath())
                        ? "a link to the data root or above it, not an image" : "a directory, not an image";
            }
            if (why != null) {
                skipped.add(new DatasetScan.BadFile(e.path(), why));
            } else {
                usable.add(e);
            }
        }
        if (usable.isEmpty()) {
            throw new IOException("data.list: " + listFile + " lists no usable images (" + skipped.size()
                    + " are links that cannot be followed or directories)");
        }
        entries = usable;
        Map<Long, String> identityOf = new TreeMap<>();
        Map<Long, Integer> countOf = new TreeMap<>();
        for (Entry e : entries) {
            int slash = e.path().indexOf('/');
            identityOf.putIfAbsent(e.sourceLabel(), slash > 0 ? e.path().substring(0, slash) : "label-" + e.sourceLabel());
            countOf.merge(e.sourceLabel(), 1, Integer::sum);
        }
        Map<Long, Integer> dense = new TreeMap<>();
        for (Long source : identityOf.keySet()) {
            dense.put(source, dense.size());
        }
        List<Sample> samples = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            samples.add(new Sample(root.resolve(e.path()), e.path(), dense.get(e.sourceLabel())));
        }
        return new Dataset(root, samples, new LabelMap(List.copyOf(identityOf.values()), List.copyOf(countOf.values())),
                skipped, FILES);
    }

    /** The dataset a config names: its pack, its list file if it has one, else the folder tree under its root. */
    public static Dataset of(DataConfig data) throws IOException {
        Path root = Path.of(data.root());
        if (data.usesRec()) {
            return fromRecordIo(root);
        }
        return data.usesList() ? fromList(Path.of(data.list()), root) : fromFolders(root);
    }

    static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_SUFFIXES.contains(name.substring(dot));
    }

    /**
     * The same dataset without the named files. An identity left without images is no class any more:
     * the labels after it move down by one, in the same order.
     */
    public Dataset without(Collection<String> names) {
        Set<String> drop = Set.copyOf(names);
        List<Sample> kept = samples.stream().filter(s -> !drop.contains(s.name())).toList();
        int[] counts = new int[labels.numClasses()];
        kept.forEach(s -> counts[s.label()]++);
        int[] newLabel = new int[counts.length];
        List<String> identities = new ArrayList<>();
        List<Integer> countList = new ArrayList<>();
        for (int label = 0; label < counts.length; label++) {
            newLabel[label] = identities.size();
            if (counts[label] > 0) {
                identities.add(labels.identities().get(label));
                countList.add(counts[label]);
            }
        }
        List<Sample> relabelled = kept.stream()
                .map(s -> s.withLabel(newLabel[s.label()])).toList();
        return new Dataset(root, relabelled, new LabelMap(identities, countList), skipped, store);
    }

    /** The identities of this dataset that {@code subset} (this dataset {@link #without} some files) has none of. */
    public List<String> identitiesMissingFrom(Dataset subset) {
        Set<String> kept = Set.copyOf(subset.labels().identities());
        return labels.identities().stream().filter(id -> !kept.contains(id)).toList();
    }

    public int size() {
        return samples.size();
    }

    /** SHA-256 of the listing (names and labels, in order): a resumed run checks it still holds. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Sample s : samples) {
                sha.update((s.name() + "\t" + s.label() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
