-- How many IP rules each organization holds, and each of its scopes: the quota check of a create
-- is one conditional update of these rows in the create's own transaction
-- (dev.ipfence.rules.quota.RuleCounters), whose row lock orders the creates of one organization
-- only for that statement and the commit. Inserts count themselves there; every delete, whatever
-- its path, is counted off by the trigger below. A row whose count reaches 0 is removed.
create table ip_rule_count_by_scope (
    org_id    uuid   not null,
    scope     text   not null check (scope in ('org', 'project', 'environment')),
    scope_id  uuid   not null,
    used      bigint not null,
    primary key (org_id, scope, scope_id)
);

create table ip_rule_count_by_org (
    org_id  uuid   primary key,
    used    bigint not null
);

lock table ip_rule in share mode;

insert into ip_rule_count_by_scope (org_id, scope, scope_id, used)
    select org_id, scope, scope_id, count(*) from ip_rule group by org_id, scope, scope_id;

insert into ip_rule_count_by_org (org_id, used)
    select org_id, count(*) from ip_rule group by org_id;

-- Rows are locked in key order, scopes before organizations, as a create takes them, so deletes
-- of many scopes at once (a cascade, the expiry cleanup) cannot deadlock with each other or with
-- creates.
create function ip_rule_count_deleted() returns trigger language plpgsql as $$
begin
    perform 1 from ip_rule_count_by_scope c
        where (c.org_id, c.scope, c.scope_id) in (select org_id, scope, scope_id from deleted_rules)
        order by c.org_id, c.scope, c.scope_id for update;
    update ip_rule_count_by_scope c set used = c.used - d.n
        from (select org_id, scope, scope_id, count(*) as n from deleted_rules group by org_id, scope, scope_id) d
        where c.org_id = d.org_id and c.scope = d.scope and c.scope_id = d.scope_id;
    delete from ip_rule_count_by_scope c
        where c.used <= 0
          and (c.org_id, c.scope, c.scope_id) in (select org_id, scope, scope_id from deleted_rules);
    perform 1 from ip_rule_count_by_org c
        where c.org_id in (select org_id from deleted_rules) order by c.org_id for update;
    update ip_rule_count_by_org c set used = c.used - d.n
        from (select org_id, count(*) as n from deleted_rules group by org_id) d
        where c.org_id = d.org_id;
    delete from ip_rule_count_by_org c
        where c.used <= 0 and c.org_id in (select org_id from deleted_rules);
    return null;
end
$$;

create trigger ip_rule_count_deleted after delete on ip_rule
    referencing old table as deleted_rules
    for each statement execute function ip_rule_count_deleted();
