package dev.ipfence.rules.outbox;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @WithTransaction} method that records events with {@link Outbox#record(
 * org.hibernate.reactive.mutiny.Mutiny.Session, java.util.List)}: wakes the outbox relay once the
 * method's transaction has committed, so that its events are published at once.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PublishesChanges {}
