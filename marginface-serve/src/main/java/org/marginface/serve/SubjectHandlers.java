package org.marginface.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.marginface.serve.ApiKeys.Role;

/** {@code /subjects} and {@code /subjects/{subject}}: the people of the gallery, for admin keys. */
final class SubjectHandlers {

    private static final int MAX_PAGE = 1000;

    private final Requests requests;
    private final Gallery gallery;
    private final FaceHandlers faces;

    SubjectHandlers(Requests requests, Gallery gallery, FaceHandlers faces) {
        this.requests = requests;
        this.gallery = gallery;
        this.faces = faces;
    }

    void register(ApiRoutes routes) {
        routes.api(HandlerType.POST, "/subjects", Role.ADMIN, this::create);
        routes.api(HandlerType.GET, "/subjects", Role.ADMIN, this::list);
        routes.api(HandlerType.GET, "/subjects/{subject}", Role.ADMIN, this::get);
        routes.api(HandlerType.PATCH, "/subjects/{subject}", Role.ADMIN, this::rename);
        routes.api(HandlerType.DELETE, "/subjects/{subject}", Role.ADMIN, this::delete);
    }

    /**
     * A subject, and with {@code images} its faces in the same commit: all or nothing, so that a
     * refused photo leaves no empty subject behind.
     */
    private void create(Context ctx) throws IOException {
        ObjectNode body = requests.jsonObject(ctx);
        String name = Requests.name(body.get("name"));
        JsonNode idNode = body.get("id");
        if (idNode != null && !idNode.isTextual()) {
            throw ApiException.badRequest("bad_id", "id: expected a string");
        }
        String id = idNode == null ? null : Requests.id(idNode.textValue(), "id");
        List<FaceUpload> uploads = FaceForm.json(body).images("images");
        if (uploads.isEmpty()) {
            ctx.status(201).json(Answers.subject(gallery.createSubject(id, name)));
            return;
        }
        FaceHandlers.Enrolment enrolment = faces.enrolment(uploads);
        Gallery.NewSubject created = gallery.createSubject(id, name, enrolment.embeddings(), enrolment.images());
        Map<String, Object> out = Answers.subject(created.subject());
        out.put("enrolled", enrolment.answer(created.faces()));
        ctx.status(201).json(out);
    }

    private void list(Context ctx) throws IOException {
        int offset = Requests.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Requests.queryInt(ctx, "limit", 50, 1, MAX_PAGE);
        Gallery.SubjectPage page = gallery.subjects(offset, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subjects", page.subjects().stream().map(Answers::subject).toList());
        out.put("total", page.total());
        out.put("offset", offset);
        out.put("limit", limit);
        ctx.json(out);
    }

    private void get(Context ctx) throws IOException {
        String id = Requests.id(ctx, "subject");
        ctx.json(Answers.subject(gallery.subject(id).orElseThrow(() -> ApiException.notFound("no subject '" + id + "'"))));
    }

    private void rename(Context ctx) throws IOException {
        String id = Requests.id(ctx, "subject");
        String name = Requests.name(requests.jsonObject(ctx).get("name"));
        ctx.json(Answers.subject(gallery.renameSubject(id, name)));
    }

    private void delete(Context ctx) throws IOException {
        String id = Requests.id(ctx, "subject");
        if (!gallery.deleteSubject(id)) {
            throw ApiException.notFound("no subject '" + id + "'");
        }
        ctx.status(204);
    }
}
