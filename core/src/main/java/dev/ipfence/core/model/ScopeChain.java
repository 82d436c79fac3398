package dev.ipfence.core.model;

import java.util.List;

/** The rules of an environment, of its project and of its organization. */
public record ScopeChain(List<Rule> environmentRules, List<Rule> projectRules, List<Rule> orgRules) {

    public ScopeChain {
        environmentRules = List.copyOf(environmentRules);
        projectRules = List.copyOf(projectRules);
        orgRules = List.copyOf(orgRules);
    }

    /** Nearest scope first. */
    public List<Rule> rulesOf(Scope scope) {
        return switch (scope) {
            case ENVIRONMENT -> environmentRules;
            case PROJECT -> projectRules;
            case ORG -> orgRules;
        };
    }
}
