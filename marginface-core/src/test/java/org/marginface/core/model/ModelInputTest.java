package org.marginface.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marginface.core.align.AlignmentTemplate;
import org.marginface.core.backbone.BackboneSpec;

class ModelInputTest {

    @TempDir
    Path tmp;

    @Test
    void aManifestWrittenBeforeTheInputFieldLoadsWithThePapersInput() throws Exception {
        Path dir = tmp.resolve("m");
        try (FaceModel model = FaceModel.create(new BackboneSpec("sphereface", 4, 112, 96, 32), null, 0, 1)) {
            ModelDirectory.save(model, dir);
        }
        Path file = dir.resolve(Manifest.FILE_NAME);
        ObjectNode json = (ObjectNode) ModelDirectory.JSON.readTree(file.toFile());
        json.remove("input");
        ModelDirectory.JSON.writeValue(file.toFile(), json);
        ModelInput input = ModelDirectory.readManifest(dir).input();
        assertEquals(ModelInput.defaultFor(BackboneSpec.sphereface(4)), input);
        assertEquals(AlignmentTemplate.SPHEREFACE_112X96, input.alignment());
        assertEquals(List.of(127.5, 127.5, 127.5), input.mean());
        assertEquals(ModelInput.Channels.RGB, input.channels());
        try (FaceModel loaded = ModelDirectory.load(dir)) {
            assertEquals(input, loaded.manifest().input());
        }
    }

    @Test
    void theDescriptionNamesSizeTemplateScalingAndChannels() {
        assertEquals("112x112, template 112x112, (x - 127.5) / 128, rgb",
                ModelInput.defaultFor(new BackboneSpec("sphereface", 4, 112, 112, 512)).describe());
        assertEquals("112x112, template 112x112, (x - 123.675,116.28,103.53) / 58.395,57.12,57.375, bgr",
                ModelInput.of(AlignmentTemplate.SQUARE_112X112, ModelInput.IMAGENET_MEAN, ModelInput.IMAGENET_STD,
                        ModelInput.Channels.BGR).describe());
    }

    @Test
    void planesFollowMeanStdAndChannelOrder() {
        BufferedImage image = new BufferedImage(96, 112, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0x10_80_F0);
        int at = 2 * 96 + 3;
        int plane = 96 * 112;
        float[] paper = ModelInput.defaultFor(BackboneSpec.sphereface(20)).planes(image);
        assertEquals((0x10 - 127.5f) / 128f, paper[at], 0f);
        assertEquals((0xF0 - 127.5f) / 128f, paper[2 * plane + at], 0f);

        ModelInput bgr = ModelInput.of(AlignmentTemplate.SPHEREFACE_112X96, ModelInput.IMAGENET_MEAN,
                ModelInput.IMAGENET_STD, ModelInput.Channels.BGR);
        float[] planes = bgr.planes(image);
        assertEquals((0xF0 - 103.53f) / 57.375f, planes[at], 1e-6f); // blue first
        assertEquals((0x80 - 116.28f) / 57.12f, planes[plane + at], 1e-6f);
        assertEquals((0x10 - 123.675f) / 58.395f, planes[2 * plane + at], 1e-6f);
    }

    @Test
    void a112x96CropIsPaddedByEightColumnsForTheSquareTemplate() throws IOException {
        ModelInput square = ModelInput.of(AlignmentTemplate.SQUARE_112X112, ModelInput.PAPER_MEAN,
                ModelInput.PAPER_STD, ModelInput.Channels.RGB);
        assertEquals(8, square.padding(112, 96));
        assertEquals(0, square.padding(112, 112));
        assertEquals(-1, square.padding(100, 96));
        BufferedImage crop = new BufferedImage(96, 112, BufferedImage.TYPE_INT_RGB);
        crop.setRGB(0, 0, 0xFFFFFF);
        BufferedImage padded = square.fit(crop, "crop.jpg");
        assertEquals(112, padded.getWidth());
        assertEquals(0xFFFFFF, padded.getRGB(8, 0) & 0xFFFFFF);
        assertEquals(0, padded.getRGB(7, 0) & 0xFFFFFF);
        // a template that is not the 112x96 one shifted: no padding makes a 112x96 crop fit
        ModelInput other = ModelInput.of(AlignmentTemplate.of(112, 112,
                AlignmentTemplate.SQUARE_112X112.landmarks().translate(0, 3)), ModelInput.PAPER_MEAN,
                ModelInput.PAPER_STD, ModelInput.Channels.RGB);
        assertThrows(IOException.class, () -> other.fit(crop, "crop.jpg"));
    }
}
