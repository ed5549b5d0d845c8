package org.marginface.core.detect;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.marginface.core.align.Point;

/** Draws detections onto a copy of the photo: boxes with their scores, and the five landmarks. */
public final class DetectionPainter {

    private static final Color[] LANDMARK_COLOURS = {Color.CYAN, Color.CYAN, Color.YELLOW, Color.MAGENTA, Color.MAGENTA};

    private DetectionPainter() {}

    public static BufferedImage draw(BufferedImage photo, List<DetectedFace> faces) {
        BufferedImage canvas = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.drawImage(photo, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int line = Math.max(1, Math.min(photo.getWidth(), photo.getHeight()) / 200);
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, 6 * line)));
            for (DetectedFace face : faces) {
                FaceBox b = face.box();
                g.setColor(Color.GREEN);
                g.drawRect((int) Math.round(b.x1()), (int) Math.round(b.y1()), (int) Math.round(b.x2() - b.x1()),
                        (int) Math.round(b.y2() - b.y1()));
                g.drawString(String.format(Locale.ROOT, "%.3f", face.score()), (int) Math.round(b.x1()),
                        (int) Math.round(b.y1()) - 2 * line);
                int r = 2 * line;
                List<Point> points = face.landmarks().points();
                for (int i = 0; i < points.size(); i++) {
                    Point p = points.get(i);
                    g.setColor(LANDMARK_COLOURS[i]);
                    g.fillOval((int) Math.round(p.x()) - r, (int) Math.round(p.y()) - r, 2 * r + 1, 2 * r + 1);
                }
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }
}
