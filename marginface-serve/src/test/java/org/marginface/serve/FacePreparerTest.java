package org.marginface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.align.FaceAligner;
import org.marginface.core.align.FaceLandmarks;
import org.marginface.core.model.ModelInput;

class FacePreparerTest {

    private static FacePreparer preparer(ModelInput input) {
        return new FacePreparer(new PhotoDecoder(25_000_000, 2_000_000, new PixelBudget(8_000_000)),
                new TemplateAligner(), Optional.empty(), input);
    }

    private static ModelInput input(int height, int width, List<Double> template) {
        return new ModelInput(height, width, template, ModelInput.IMAGENET_MEAN, ModelInput.IMAGENET_STD,
                ModelInput.Channels.RGB);
    }

    private static List<Double> points(AlignmentTemplate template) {
        List<Double> xy = new ArrayList<>();
        template.landmarks().points().forEach(p -> {
            xy.add(p.x());
            xy.add(p.y());
        });
        return xy;
    }

    private static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                assertEquals(expected.getRGB(x, y) & 0xffffff, actual.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void landmarksAlignOntoTheModelsOwnTemplate() throws IOException {
        // a custom 112x112 template: the square one moved 4 pixels down, which no named template is
        List<Double> custom = new ArrayList<>(points(AlignmentTemplate.SQUARE_112X112));
        for (int i = 1; i < custom.size(); i += 2) {
            custom.set(i, custom.get(i) + 4);
        }
        ModelInput input = input(112, 112, custom);
        BufferedImage photo = noise(250, 250, 1);
        double[] landmarks = {100, 110, 150, 110, 125, 140, 105, 165, 145, 165};
        FacePreparer.Prepared prepared = preparer(input).prepare(new FaceUpload("image", png(photo), landmarks));
        BufferedImage expected = new FaceAligner(input.alignment()).align(photo, FaceLandmarks.of(landmarks));
        assertSamePixels(expected, prepared.crop());
    }

    @Test
    void a112x96CropGivenToA112x112ModelIsPaddedBy8ColumnsEachSide() throws IOException {
        ModelInput input = input(112, 112, points(AlignmentTemplate.SQUARE_112X112));
        BufferedImage crop = noise(96, 112, 2);
        FacePreparer.Prepared prepared = preparer(input).prepare(new FaceUpload("image", png(crop), null));
        BufferedImage out = prepared.crop();
        assertEquals(112, out.getWidth());
        assertEquals(112, out.getHeight());
        assertTrue(prepared.used().isEmpty());
        for (int y = 0; y < 112; y++) {
            for (int x = 0; x < 112; x++) {
                int expected = x < 8 || x >= 104 ? 0 : crop.getRGB(x - 8, y) & 0xffffff;
                assertEquals(expected, out.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }
}
