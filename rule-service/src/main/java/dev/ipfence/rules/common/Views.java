package dev.ipfence.rules.common;

import dev.ipfence.web.ProblemException;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.function.Supplier;

/** Helpers of the API views (seeds 001, 002) that are built on the rule API. */
public final class Views {

    private Views() {}

    /** Runs {@code call}; a refusal names the fields as the view calls them ({@code cidr} -> {@code ipAddress}). */
    public static <T> Uni<T> withFieldNames(Map<String, String> names, Supplier<Uni<T>> call) {
        return Uni.createFrom()
                .deferred(call::get)
                .onFailure(ProblemException.class)
                .transform(e -> ((ProblemException) e).withFieldsRenamed(names));
    }
}
