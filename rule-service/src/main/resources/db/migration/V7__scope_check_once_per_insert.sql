-- The scope check of V3, once per insert statement rather than once per row: a bulk import of
-- 10,000 rules into one environment checks, and locks FOR KEY SHARE, that environment once. The
-- new rules arrive in the statement's transition table; each distinct scope they name is locked
-- and must exist in the rule's organization, as before. Updates keep V3's row trigger (a trigger
-- on a column list cannot have a transition table), and the message and SQLSTATE stay the same.
drop trigger ip_rule_scope_exists on ip_rule;

create trigger ip_rule_scope_exists before update of org_id, scope, scope_id on ip_rule
    for each row execute function ip_rule_scope_exists();

create function ip_rule_scopes_exist() returns trigger language plpgsql as $$
declare
    named record;
begin
    for named in
        select scope, scope_id, org_id, (array_agg(id))[1] as rule_id
          from inserted where scope <> 'org' group by scope, scope_id, org_id
    loop
        if named.scope = 'environment' then
            perform 1 from environment where id = named.scope_id and org_id = named.org_id for key share;
        else
            perform 1 from project where id = named.scope_id and org_id = named.org_id for key share;
        end if;
        if not found then
            raise foreign_key_violation using message =
                format('the %s %s of rule %s does not exist', named.scope, named.scope_id, named.rule_id);
        end if;
    end loop;
    return null;
end
$$;

create trigger ip_rule_scopes_exist after insert on ip_rule
    referencing new table as inserted for each statement execute function ip_rule_scopes_exist();
