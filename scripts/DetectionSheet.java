import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A contact sheet of `marginface detect` output, to check detections by eye: each photo scaled into a
 * tile, MTCNN's boxes in green, the landmark file's main-face points in red, the file name and the
 * face counts (MTCNN's / the list's) underneath. Photos are the lines of the .jsonl, optionally only
 * those whose names are in a list file.
 *
 * <pre>java [-Dtile=300] [-Dcolumns=6] -cp 'marginface-cli/target/lib/*' scripts/DetectionSheet.java \
 *     DETECT.jsonl LANDMARKS.txt IMAGES_DIR OUT.jpg|OUT.png [ONLY.txt]</pre>
 */
public class DetectionSheet {

    static final int TILE = Integer.getInteger("tile", 300);
    static final int LABEL = 18;
    static final int COLUMNS = Integer.getInteger("columns", 6);

    public static void main(String[] args) throws Exception {
        Path jsonl = Path.of(args[0]);
        Path landmarks = Path.of(args[1]);
        Path images = Path.of(args[2]);
        Path out = Path.of(args[3]);
        List<String> only = args.length > 4 ? Files.readAllLines(Path.of(args[4])).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList() : null;
        Map<String, String[]> listed = new HashMap<>();
        for (String line : Files.readAllLines(landmarks)) {
            String[] f = line.strip().split("\\s+");
            listed.put(f[0], f);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> photos = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode node = json.readTree(line);
            String name = Path.of(node.get("image").asText()).getFileName().toString();
            if (only == null || only.contains(name)) {
                photos.add(node);
            }
        }
        int rows = (photos.size() + COLUMNS - 1) / COLUMNS;
        BufferedImage sheet = new BufferedImage(COLUMNS * TILE, rows * (TILE + LABEL), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < photos.size(); i++) {
            JsonNode node = photos.get(i);
            String name = Path.of(node.get("image").asText()).getFileName().toString();
            BufferedImage photo = ImageIO.read(images.resolve(name).toFile());
            double s = Math.min((double) TILE / photo.getWidth(), (double) TILE / photo.getHeight());
            int x0 = (i % COLUMNS) * TILE;
            int y0 = (i / COLUMNS) * (TILE + LABEL);
            g.drawImage(photo, x0, y0, (int) (photo.getWidth() * s), (int) (photo.getHeight() * s), null);
            g.setStroke(new BasicStroke(2));
            g.setColor(Color.GREEN);
            for (JsonNode face : node.get("faces")) {
                JsonNode b = face.get("box");
                g.drawRect(x0 + (int) (b.get(0).asDouble() * s), y0 + (int) (b.get(1).asDouble() * s),
                        (int) ((b.get(2).asDouble() - b.get(0).asDouble()) * s),
                        (int) ((b.get(3).asDouble() - b.get(1).asDouble()) * s));
            }
            String[] truth = listed.get(name);
            g.setColor(Color.RED);
            if (truth != null) {
                for (int k = 0; k < 5; k++) {
                    double px = Double.parseDouble(truth[2 + 2 * k]) * s;
                    double py = Double.parseDouble(truth[3 + 2 * k]) * s;
                    g.fillOval(x0 + (int) px - 2, y0 + (int) py - 2, 5, 5);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(name + "  mtcnn " + node.get("faces").size() + " / listed "
                    + (truth == null ? "?" : truth[truth.length - 1]), x0 + 4, y0 + TILE + 13);
        }
        g.dispose();
        // a sheet of photos is several times smaller as JPEG; PNG when asked for
        String format = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "png" : "jpg";
        ImageIO.write(sheet, format, out.toFile());
        System.out.println("wrote " + photos.size() + " photos to " + out);
    }
}
