package dev.ipfence.console.session;

import dev.ipfence.console.ConsoleConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses to start with the development sign-in on an address other machines reach, and without any
 * sign-in at all: the development sign-in hands out administrator sessions to whoever asks.
 */
@jakarta.enterprise.context.ApplicationScoped
public class DevSignInGuard {

    void check(
            @Observes StartupEvent event,
            ConsoleConfig config,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean oidc) {
        if (config.devSignIn().enabled()) {
            if (oidc) {
                throw new IllegalStateException(
                        "the development sign-in and the OIDC sign-in are both on; turn one off");
            }
            if (!isLoopback(host)) {
                throw new IllegalStateException("the development sign-in is for a development machine only: "
                        + "quarkus.http.host must be a loopback address, not " + host);
            }
            new DevTokenMinter(config.devSignIn());
        } else if (!oidc) {
            throw new IllegalStateException("no sign-in configured: set IPFENCE_OIDC_AUTH_SERVER_URL "
                    + "(or, on a development machine only, IPFENCE_CONSOLE_DEV_SIGN_IN_ENABLED=true)");
        }
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
