import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * A 4999 x 4999 PNG with a face in it for large-photo.sh: the photo given, scaled 12x (nearest
 * neighbour, so the PNG stays small), on grey. Run as {@code java LargePhoto.java IN.jpg OUT.png}.
 */
public class LargePhoto {
    public static void main(String[] args) throws Exception {
        BufferedImage photo = ImageIO.read(new File(args[0]));
        BufferedImage large = new BufferedImage(4999, 4999, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = large.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 4999, 4999);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        int w = photo.getWidth() * 12;
        int h = photo.getHeight() * 12;
        g.drawImage(photo, (4999 - w) / 2, (4999 - h) / 2, w, h, null);
        g.dispose();
        ImageIO.write(large, "png", new File(args[1]));
    }
}
