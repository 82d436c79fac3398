-- Identity-aware access (docs/access-model.md): admission rules, policy groups and policies of an
-- organization, written by rule-service through Hibernate Reactive.

create table admission_rule (
    id                   uuid primary key,
    org_id               uuid        not null,
    name                 text        not null,
    type                 text        not null check (type in ('ALLOW', 'DENY', 'CUSTOM')),
    rule                 text        not null,
    has_time_constraint  boolean     not null,
    -- the time window, all set exactly when has_time_constraint
    time_days            text[],
    time_start           text,
    time_end             text,
    time_zone            text,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    created_by           text        not null,
    updated_by           text        not null,
    version              bigint      not null,
    check (has_time_constraint = (time_days is not null and time_start is not null and time_end is not null
                                  and time_zone is not null)),
    check (has_time_constraint or (time_days is null and time_start is null and time_end is null
                                   and time_zone is null))
);
create index admission_rule_by_org on admission_rule (org_id, created_at, id);

create table policy_group (
    id                     uuid primary key,
    org_id                 uuid        not null,
    name                   text        not null,
    description            text,
    max_devices            integer     not null check (max_devices between 0 and 1000),
    is_saml_default_group  boolean     not null,
    idp_mapping            text[]      not null,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    created_by             text        not null,
    updated_by             text        not null,
    version                bigint      not null
);
create index policy_group_by_org on policy_group (org_id, created_at, id);

-- A policy's admission rule and groups cannot be deleted while it names them: rule_id and
-- policy_group_use are foreign keys "on delete restrict" (SQLSTATE 23503). rule-service checks
-- first, under row locks, and answers 409 naming the policies; these keys are the database's
-- guarantee for every other path. group_ids keeps the groups in the order given.
create table policy (
    id             uuid primary key,
    org_id         uuid        not null,
    name           text        not null,
    description    text,
    group_ids      text[]      not null,
    users          text[]      not null,
    devices        text[]      not null,
    resources      text[]      not null,
    gateways       text[]      not null,
    all_groups     boolean     not null,
    all_users      boolean     not null,
    all_devices    boolean     not null,
    all_resources  boolean     not null,
    source_ips     text[]      not null,
    type           text        not null check (type in ('PRIVATE', 'SAAS', 'INTERNET', 'SITETOSITE')),
    mode           text        check (mode in ('LOCAL', 'RESTRICTED', 'REMOTE')),
    action         boolean     not null,
    rule_id        uuid        references admission_rule (id) on delete restrict,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    created_by     text        not null,
    updated_by     text        not null,
    version        bigint      not null
);
create index policy_by_org on policy (org_id, created_at, id);
create index policy_by_rule on policy (rule_id);

create table policy_group_use (
    policy_id  uuid not null references policy (id) on delete cascade,
    group_id   uuid not null references policy_group (id) on delete restrict,
    primary key (policy_id, group_id)
);
create index policy_group_use_by_group on policy_group_use (group_id);
