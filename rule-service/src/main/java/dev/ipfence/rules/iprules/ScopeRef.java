package dev.ipfence.rules.iprules;

import dev.ipfence.core.model.Scope;
import java.util.UUID;

/** A rule scope of the caller's organization, as named by a URL; for the organization, scopeId = orgId. */
public record ScopeRef(UUID orgId, Scope scope, UUID scopeId) {}
