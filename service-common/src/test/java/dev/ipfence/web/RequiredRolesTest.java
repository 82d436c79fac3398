package dev.ipfence.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.web.auth.ClaimPath;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequiredRolesTest {

    @RolesAllowed(Roles.READ)
    static class Resource {
        public void read() {}

        @RolesAllowed(Roles.WRITE)
        public void write() {}
    }

    private static ResourceInfo info(String method) throws NoSuchMethodException {
        Method m = Resource.class.getMethod(method);
        return new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return m;
            }

            @Override
            public Class<?> getResourceClass() {
                return Resource.class;
            }
        };
    }

    @Test
    void theMethodsRolesWinOverTheClasss() throws Exception {
        assertThat(RequiredRoles.of(info("write"))).containsExactly(Roles.WRITE);
        assertThat(RequiredRoles.of(info("read"))).containsExactly(Roles.READ);
        assertThat(RequiredRoles.of(null)).isEmpty();
    }

    @Test
    void theDetailNamesTheRoleRequiredTheIpfenceRolesHeldAndTheClaim() {
        ClaimPath groups = ClaimPath.parse("groups");
        assertThat(RequiredRoles.detail(List.of(Roles.WRITE), Set.of(Roles.READ, "offline_access"), groups))
                .isEqualTo("This operation requires role ip-access:write; the caller has only ip-access:read (a"
                        + " token's roles are read from its groups claim, see ipfence.auth.roles-claim).");
        assertThat(RequiredRoles.detail(List.of(), Set.of("offline_access"), ClaimPath.parse("realm_access.roles")))
                .isEqualTo("This operation requires a role the caller does not have; the caller has no ipfence role"
                        + " (a token's roles are read from its realm_access.roles claim, see"
                        + " ipfence.auth.roles-claim).");
    }
}
