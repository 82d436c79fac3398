-- Set-up of benchmarks/sql/org-count-*.pgbench: one organization with 16 environments, one per
-- pgbench client (the environment of client N has the id md5('bench-env-N')). Run against a
-- database with rule-service's migrations applied; see org-count-statement.pgbench.
\set ON_ERROR_STOP on
delete from ip_rule where org_id = md5('bench-org')::uuid;
delete from environment where org_id = md5('bench-org')::uuid;
delete from project where org_id = md5('bench-org')::uuid;
insert into project values (md5('bench-project')::uuid, md5('bench-org')::uuid, 'p', now(), now(), 'bench', 'bench', 1);
insert into environment
select md5('bench-env-' || i)::uuid, md5('bench-org')::uuid, md5('bench-project')::uuid, 'e' || i, now(), now(),
       'bench', 'bench', 1
  from generate_series(0, 15) i;
vacuum analyze;
