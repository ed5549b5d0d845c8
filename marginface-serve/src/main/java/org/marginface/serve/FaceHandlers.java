package org.marginface.serve;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.marginface.core.embed.Vectors;
import org.marginface.serve.ApiKeys.Role;

/**
 * {@code /subjects/{subject}/faces} and below: a subject's enrolled faces and their stored crops,
 * for admin keys.
 */
final class FaceHandlers {

    /** Uploads embedded for enrolment, with the crops to keep when the gallery stores faces. */
    record Enrolment(List<FacePipeline.Embedded> faces, boolean storeFaces) {

        List<float[]> embeddings() {
            return faces.stream().map(FacePipeline.Embedded::unit).toList();
        }

        /** The crops as JPEGs, or nulls when faces are not stored. */
        List<byte[]> images() {
            List<byte[]> out = new ArrayList<>(faces.size());
            for (FacePipeline.Embedded f : faces) {
                out.add(storeFaces ? FaceCrops.jpeg(f.face().crop()) : null);
            }
            return out;
        }

        /** The answer for the enrolled faces, in order of the uploads. */
        List<Map<String, Object>> answer(List<Gallery.Face> enrolled) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < faces.size(); i++) {
                Map<String, Object> face = new LinkedHashMap<>();
                face.put("id", enrolled.get(i).id());
                face.put("norm", Vectors.norm(faces.get(i).raw()));
                face.put("detection", Answers.detection(faces.get(i).face()));
                face.put("photo", Answers.photo(faces.get(i).face(), false));
                out.add(face);
            }
            return out;
        }
    }

    private final Requests requests;
    private final FacePipeline pipeline;
    private final Gallery gallery;
    private final boolean storeFaces;
    private final int maxImagesPerRequest;

    FaceHandlers(Requests requests, FacePipeline pipeline, Gallery gallery, boolean storeFaces, int maxImagesPerRequest) {
        this.requests = requests;
        this.pipeline = pipeline;
        this.gallery = gallery;
        this.storeFaces = storeFaces;
        this.maxImagesPerRequest = maxImagesPerRequest;
    }

    void register(ApiRoutes routes) {
        routes.api(HandlerType.POST, "/subjects/{subject}/faces", Role.ADMIN, this::enroll);
        routes.api(HandlerType.GET, "/subjects/{subject}/faces", Role.ADMIN, this::list);
        routes.api(HandlerType.DELETE, "/subjects/{subject}/faces/{face}", Role.ADMIN, this::delete);
        routes.api(HandlerType.GET, "/subjects/{subject}/faces/{face}/image", Role.ADMIN, this::image);
    }

    /** Checks the count and embeds every upload; any refusal refuses them all. */
    Enrolment enrolment(List<FaceUpload> uploads) {
        if (uploads.size() > maxImagesPerRequest) {
            throw new ApiException(413, "too_many_images", uploads.size() + " images; at most "
                    + maxImagesPerRequest + " per request");
        }
        return new Enrolment(pipeline.embed(uploads), storeFaces);
    }

    private void enroll(Context ctx) throws IOException {
        String id = Requests.id(ctx, "subject");
        FaceForm form = requests.form(ctx);
        List<FaceUpload> uploads = new ArrayList<>(form.images("images"));
        form.image("image").ifPresent(uploads::add);
        if (uploads.isEmpty()) {
            throw ApiException.badRequest("missing_field", "send one or more images in 'images' (or one in 'image')");
        }
        if (gallery.subject(id).isEmpty()) {
            throw ApiException.notFound("no subject '" + id + "'");
        }
        Enrolment enrolment = enrolment(uploads);
        List<Gallery.Face> added = gallery.addFaces(id, enrolment.embeddings(), enrolment.images());
        ctx.status(201).json(Map.of("subject", id, "faces", enrolment.answer(added)));
    }

    private void list(Context ctx) throws IOException {
        String id = Requests.id(ctx, "subject");
        if (gallery.subject(id).isEmpty()) {
            throw ApiException.notFound("no subject '" + id + "'");
        }
        List<Map<String, Object>> faces = gallery.faces(id).stream().map(f -> {
            Map<String, Object> face = new LinkedHashMap<>();
            face.put("id", f.id());
            face.put("created", f.createdMillis());
            face.put("image", f.hasImage());
            return face;
        }).toList();
        ctx.json(Map.of("subject", id, "faces", faces));
    }

    private void delete(Context ctx) throws IOException {
        String id = Requests.id(ctx, "subject");
        String face = Requests.id(ctx, "face");
        if (!gallery.deleteFace(id, face)) {
            throw ApiException.notFound("subject '" + id + "' has no face '" + face + "'");
        }
        ctx.status(204);
    }

    /** The stored aligned crop of a face (JPEG); 404 when there is none (stored before or with storeFaces off). */
    private void image(Context ctx) throws IOException {
        String id = Requests.id(ctx, "subject");
        String face = Requests.id(ctx, "face");
        byte[] jpeg = gallery.faceImage(id, face)
                .orElseThrow(() -> ApiException.notFound("subject '" + id + "' has no face '" + face + "' with a stored image"));
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.contentType("image/jpeg").result(jpeg);
    }
}
