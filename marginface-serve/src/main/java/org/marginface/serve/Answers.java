package org.marginface.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.marginface.core.detect.DetectionJson;

/** The JSON shapes the handlers share: a subject, and what was found in a photo. */
final class Answers {

    private Answers() {}

    static Map<String, Object> subject(Gallery.Subject s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("name", s.name());
        out.put("faces", s.faces());
        out.put("created", s.createdMillis());
        return out;
    }

    /** Whether the request asked for the aligned crops in the answer ({@code ?crops=true}). */
    static boolean wantsCrops(Context ctx) {
        return "true".equals(ctx.queryParam("crops"));
    }

    /**
     * The face the service found and used ({@code box}, {@code score}, {@code landmarks} in the photo's
     * pixels, as {@code marginface detect} writes them), or null when the client gave a crop or landmarks.
     */
    static ObjectNode detection(FacePreparer.Prepared face) {
        return face.used().map(DetectionJson::face).orElse(null);
    }

    /**
     * What the page draws of one photo: its size, every detected face, which one was used, and (when
     * asked for) the aligned crop as a JPEG data URI.
     */
    static ObjectNode photo(FacePreparer.Prepared face, boolean crop) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("width", face.width());
        out.put("height", face.height());
        ArrayNode faces = out.putArray("faces");
        int used = -1;
        for (int i = 0; i < face.faces().size(); i++) {
            faces.add(DetectionJson.face(face.faces().get(i)));
            if (face.used().isPresent() && face.faces().get(i).equals(face.used().get())) {
                used = i;
            }
        }
        if (used >= 0) {
            out.put("used", used);
        } else {
            out.putNull("used");
        }
        if (crop) {
            out.put("crop", FaceCrops.dataUri(face.crop()));
        }
        return out;
    }
}
