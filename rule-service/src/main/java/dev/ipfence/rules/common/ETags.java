package dev.ipfence.rules.common;

import dev.ipfence.web.ProblemException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** Versions as ETags: the If-Match header of an update or delete, and its check. */
public final class ETags {

    private ETags() {}

    /**
     * The version an If-Match header names: {@code "3"}, {@code W/"3"} or {@code 3}; {@code *} or
     * none: any. {@code what} names the resource in the refusal ({@code rule}).
     */
    public static Long version(String ifMatch, String what) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(
                    "If-Match", "\"" + ifMatch + "\" is not a " + what + " version (the ETag of the " + what + ")");
        }
    }

    /** 412 when the caller's If-Match names another version than the current one. */
    public static void check(long current, Long ifMatch, String what) {
        if (ifMatch != null && ifMatch != current) {
            throw new ProblemException(
                    Response.Status.PRECONDITION_FAILED,
                    "The " + what + " is at version " + current + ", not " + ifMatch + " (If-Match): read it again.");
        }
    }

    /** 201 Created at {@code uri}/{@code id}, with the version as the ETag and {@code body}. */
    public static Response created(UriInfo uri, UUID id, long version, Object body) {
        return Response.created(uri.getAbsolutePathBuilder().path(id.toString()).build())
                .tag(tag(version))
                .entity(body)
                .build();
    }

    /** 200 OK with the version as the ETag and {@code body}. */
    public static Response ok(long version, Object body) {
        return Response.ok().tag(tag(version)).entity(body).build();
    }

    private static EntityTag tag(long version) {
        return new EntityTag(Long.toString(version));
    }
}
