-- Republishes the current state of every project, environment and rule to ipfence.rules.v1,
-- through the outbox (the relay sends the rows as usual). Use it when the topic was lost, or
-- after restoring the rules database from a backup. Consumers keep the highest version per id,
-- so republishing what they already have changes nothing.
--
--   psql "$RULES_DB_URI" -f deploy/republish-rules.sql
begin;

create temporary table republish (entity_type text, id uuid, org_id uuid, version bigint, entity jsonb) on commit drop;

insert into republish
select 'project', id, org_id, version, jsonb_build_object(
           'id', id, 'orgId', org_id, 'name', name,
           'createdAt', to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'updatedAt', to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'createdBy', created_by, 'updatedBy', updated_by, 'version', version)
from project;

insert into republish
select 'environment', id, org_id, version, jsonb_build_object(
           'id', id, 'orgId', org_id, 'projectId', project_id, 'name', name,
           'createdAt', to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'updatedAt', to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'createdBy', created_by, 'updatedBy', updated_by, 'version', version)
from environment;

insert into republish
select 'rule', id, org_id, version, jsonb_build_object(
           'id', id, 'orgId', org_id, 'scope', scope, 'scopeId', scope_id,
           'cidr', case when range_from is null then network::text end,
           'range', case when range_from is not null
                         then jsonb_build_object('from', host(range_from), 'to', host(range_to)) end,
           'action', action, 'trafficScopes', to_jsonb(traffic_scopes), 'isActive', is_active,
           'label', label,
           'expiresAt', to_char(expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'ttl', ttl_seconds,
           'createdAt', to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'updatedAt', to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'createdBy', created_by, 'updatedBy', updated_by, 'version', version)
from ip_rule;

insert into outbox (event_id, topic, record_key, event_type, subject, tombstone, payload)
select gen_random_uuid(), 'ipfence.rules.v1', id::text, 'dev.ipfence.' || entity_type || '.updated', id::text, false,
       jsonb_build_object(
           'entityType', entity_type, 'change', 'updated', 'id', id, 'orgId', org_id, 'version', version,
           'deleted', false, 'actor', 'system:republish',
           'occurredAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'entity', entity, 'previous', null)::text
from republish
-- environments before rules is not required (consumers accept any order) but reads naturally
order by case entity_type when 'project' then 0 when 'environment' then 1 else 2 end;

commit;
