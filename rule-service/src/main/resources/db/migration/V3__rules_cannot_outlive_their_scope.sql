-- A rule cannot outlive its project or environment. ip_rule.scope_id names a project, an
-- environment or (scope 'org') the organization, so no foreign key can say it; these triggers do
-- what one would. A rule is written only while its scope exists, and its transaction holds the
-- scope's row FOR KEY SHARE until it ends (as a foreign key check does), so a delete of the scope
-- waits for it and then sees the rule. A scope is deleted only once it holds no rule.
-- rule-service takes the same row lock itself before it writes (RuleService.holdScope), so these
-- never fire on its own paths: they are the database's guarantee for every other one.
create function ip_rule_scope_exists() returns trigger language plpgsql as $$
begin
    if new.scope = 'environment' then
        perform 1 from environment where id = new.scope_id and org_id = new.org_id for key share;
    elsif new.scope = 'project' then
        perform 1 from project where id = new.scope_id and org_id = new.org_id for key share;
    else
        return new;
    end if;
    if not found then
        raise foreign_key_violation using message =
            format('the %s %s of rule %s does not exist', new.scope, new.scope_id, new.id);
    end if;
    return new;
end
$$;

create trigger ip_rule_scope_exists before insert or update of org_id, scope, scope_id on ip_rule
    for each row execute function ip_rule_scope_exists();

create function scope_holds_no_rule() returns trigger language plpgsql as $$
begin
    if exists (select 1 from ip_rule where org_id = old.org_id and scope = tg_argv[0] and scope_id = old.id) then
        raise foreign_key_violation using message = format('the %s %s still holds IP rules', tg_argv[0], old.id);
    end if;
    return old;
end
$$;

create trigger environment_holds_no_rule before delete on environment
    for each row execute function scope_holds_no_rule('environment');

create trigger project_holds_no_rule before delete on project
    for each row execute function scope_holds_no_rule('project');
