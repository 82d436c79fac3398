-- API keys of an organization. Only the SHA-256 of the secret is kept (hex); the secret itself is
-- shown once, in the answer to the create. A revoked key stays (revoked_at), for the change log.
create table api_key (
    id           uuid        primary key,
    org_id       uuid        not null,
    name         text        not null,
    roles        text        not null, -- space-separated, e.g. 'ip-access:read ip-access:write'
    secret_hash  text        not null check (secret_hash ~ '^[0-9a-f]{64}$'),
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    created_by   text        not null,
    updated_by   text        not null,
    version      bigint      not null
);
create index api_key_by_org on api_key (org_id, created_at, id);
