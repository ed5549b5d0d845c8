package org.marginface.serve;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.marginface.core.embed.CosineThreshold;
import org.marginface.core.embed.Vectors;
import org.marginface.serve.ApiKeys.Role;

/**
 * The three resources that compare faces without changing the gallery: {@code /embed},
 * {@code /verify} and {@code /identify}, open to client keys.
 */
final class RecognitionHandlers {

    private static final int MAX_TOP_K = 100;

    private final Requests requests;
    private final FacePipeline pipeline;
    private final Gallery gallery;
    private final Threshold threshold;
    private final String modelFingerprint;
    private final int defaultTopK;

    RecognitionHandlers(Requests requests, FacePipeline pipeline, Gallery gallery, Threshold threshold,
            String modelFingerprint, int defaultTopK) {
        this.requests = requests;
        this.pipeline = pipeline;
        this.gallery = gallery;
        this.threshold = threshold;
        this.modelFingerprint = modelFingerprint;
        this.defaultTopK = defaultTopK;
    }

    void register(ApiRoutes routes) {
        routes.api(HandlerType.POST, "/embed", Role.CLIENT, this::embed);
        routes.api(HandlerType.POST, "/verify", Role.CLIENT, this::verify);
        routes.api(HandlerType.POST, "/identify", Role.CLIENT, this::identify);
    }

    private void embed(Context ctx) {
        FaceForm form = requests.form(ctx);
        FacePipeline.Embedded face = pipeline.embed(requireImage(form, "image"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", modelFingerprint);
        out.put("dimension", face.raw().length);
        out.put("norm", Vectors.norm(face.raw()));
        out.put("embedding", face.unit());
        out.put("detection", Answers.detection(face.face()));
        out.put("photo", Answers.photo(face.face(), Answers.wantsCrops(ctx)));
        ctx.json(out);
    }

    private void verify(Context ctx) throws IOException {
        FaceForm form = requests.form(ctx);
        boolean crops = Answers.wantsCrops(ctx);
        Optional<String> subjectId = form.string("subject");
        Map<String, Object> out = new LinkedHashMap<>();
        double similarity;
        if (subjectId.isPresent()) {
            String id = Requests.id(subjectId.get(), "subject");
            FacePipeline.Embedded face = pipeline.embed(requireImage(form, "image"));
            Gallery.Match best = gallery.bestFaceOf(id, face.unit())
                    .orElseThrow(() -> ApiException.notFound("subject '" + id + "' does not exist or has no faces"));
            similarity = best.similarity();
            out.put("subject", Map.of("id", best.subjectId(), "name", best.name()));
            out.put("face", best.faceId());
            out.put("detection", Answers.detection(face.face()));
            out.put("photo", Answers.photo(face.face(), crops));
        } else {
            List<FacePipeline.Embedded> faces = pipeline.embed(List.of(requireImage(form, "image1"),
                    requireImage(form, "image2")));
            similarity = Vectors.dotFloat(faces.get(0).unit(), faces.get(1).unit());
            out.put("detection1", Answers.detection(faces.get(0).face()));
            out.put("detection2", Answers.detection(faces.get(1).face()));
            out.put("photo1", Answers.photo(faces.get(0).face(), crops));
            out.put("photo2", Answers.photo(faces.get(1).face(), crops));
        }
        out.put("similarity", similarity);
        out.put("threshold", threshold.value());
        out.put("match", CosineThreshold.samePerson(similarity, threshold.value()));
        ctx.json(out);
    }

    private void identify(Context ctx) throws IOException {
        FaceForm form = requests.form(ctx);
        int k = form.integer("k", 1, MAX_TOP_K).orElse(defaultTopK);
        FacePipeline.Embedded face = pipeline.embed(requireImage(form, "image"));
        List<Gallery.Match> matches = gallery.identify(face.unit(), k);
        List<Map<String, Object>> candidates = new ArrayList<>();
        for (Gallery.Match m : matches) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("subject", Map.of("id", m.subjectId(), "name", m.name() == null ? "" : m.name()));
            c.put("face", m.faceId());
            c.put("similarity", m.similarity());
            candidates.add(c);
        }
        boolean known = !matches.isEmpty() && CosineThreshold.samePerson(matches.get(0).similarity(), threshold.value());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", known ? "known" : "unknown");
        out.put("subject", known ? candidates.get(0).get("subject") : null);
        out.put("similarity", matches.isEmpty() ? null : matches.get(0).similarity());
        out.put("threshold", threshold.value());
        out.put("candidates", candidates);
        out.put("detection", Answers.detection(face.face()));
        out.put("photo", Answers.photo(face.face(), Answers.wantsCrops(ctx)));
        ctx.json(out);
    }

    private static FaceUpload requireImage(FaceForm form, String field) {
        return form.image(field).orElseThrow(() -> ApiException.badRequest("missing_field", "missing image '" + field + "'"));
    }
}
