package dev.ipfence.rules.outbox;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs around {@code @WithTransaction} (whose interceptor has priority 200: a lower one is
 * outside it), so the returned {@code Uni} completes only after the commit, and only then is the
 * relay woken. A failed or rolled-back transaction wakes nothing.
 */
@PublishesChanges
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class PublishesChangesInterceptor {

    private final Outbox outbox;

    public PublishesChangesInterceptor(Outbox outbox) {
        this.outbox = outbox;
    }

    @AroundInvoke
    Object wakeAfterCommit(InvocationContext context) throws Exception {
        Object result = context.proceed();
        if (result instanceof Uni<?> uni) {
            return uni.invoke(outbox::committed);
        }
        return result;
    }
}
