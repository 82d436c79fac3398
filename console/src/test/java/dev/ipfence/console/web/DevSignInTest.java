package dev.ipfence.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ipfence.console.session.Session;
import dev.ipfence.console.session.SessionCodec;
import dev.ipfence.console.session.Sessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * The development sign-in that {@code ./ipfence up} prints a URL for: the users offered, the CSRF
 * check on signing in and out, the session cookie and the token it holds, signed with the
 * development key. (The browser tests sign in through Keycloak.)
 */
@QuarkusTest
@QuarkusTestResource(DevSignInKey.class)
class DevSignInTest {

    private static final Pattern CSRF = Pattern.compile("\"X-CSRF-Token\": \"([^\"]+)\"");

    @TestHTTPResource("/")
    URI console;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aPageWithoutSessionSendsToTheSignInPageWhichOffersTheDevelopmentUsers() throws Exception {
        HttpResponse<String> home = send(HttpRequest.newBuilder(console.resolve("/")));
        assertThat(home.statusCode()).isEqualTo(303);
        assertThat(home.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
        HttpResponse<String> page = send(HttpRequest.newBuilder(console.resolve("/sign-in")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"sign-in-dev-admin\"", "id=\"sign-in-dev-viewer\"", DevSignInKey.ORG);
    }

    @Test
    void signingInNeedsTheCsrfTokenAndGivesASessionWithATokenSignedByTheDevelopmentKey() throws Exception {
        Browser browser = open();
        HttpResponse<String> refused = send(HttpRequest.newBuilder(console.resolve("/sign-in"))
                .header("Cookie", browser.csrfCookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=dev-admin")));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

        String sessionCookie = browser.signIn("dev-admin");
        Optional<Session> session = new SessionCodec(DevSignInKey.SECRET.getBytes(StandardCharsets.UTF_8))
                .decode(sessionCookie, Instant.now());
        assertThat(session).isPresent();
        assertThat(session.get().subject()).isEqualTo("dev-admin");
        assertThat(session.get().canWrite()).isTrue();

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(session.get().token());
        jws.setKey(DevSignInKey.publicKey);
        assertThat(jws.verifySignature()).isTrue();
        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertThat(claims.getSubject()).isEqualTo("dev-admin");
        assertThat(claims.getStringClaimValue("org_id")).isEqualTo(DevSignInKey.ORG);
        assertThat(claims.getStringListClaimValue("groups")).contains(Session.READ, Session.WRITE);
        assertThat(claims.getAudience()).containsExactly("ipfence");

        HttpResponse<String> home = send(HttpRequest.newBuilder(console.resolve("/"))
                .header("Cookie", browser.csrfCookie() + "; " + Sessions.SESSION_COOKIE + "=" + sessionCookie));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("dev-admin").doesNotContain("read only");
    }

    @Test
    void theViewerIsReadOnlyAndAnUnknownUserIsRefused() throws Exception {
        Browser browser = open();
        String sessionCookie = browser.signIn("dev-viewer");
        HttpResponse<String> home = send(HttpRequest.newBuilder(console.resolve("/"))
                .header("Cookie", browser.csrfCookie() + "; " + Sessions.SESSION_COOKIE + "=" + sessionCookie));
        assertThat(home.body()).contains("dev-viewer (read only)").doesNotContain("id=\"project-form\"");
        HttpResponse<String> unknown = browser.post("/sign-in", "user=root", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("root");
    }

    @Test
    void signingOutNeedsTheCsrfTokenAndOnlyAPost() throws Exception {
        Browser browser = open();
        String sessionCookie = browser.signIn("dev-admin");
        String cookies = browser.csrfCookie() + "; " + Sessions.SESSION_COOKIE + "=" + sessionCookie;
        HttpResponse<String> withoutToken = send(HttpRequest.newBuilder(console.resolve("/sign-out"))
                .header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withoutToken.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> wrongToken = send(HttpRequest.newBuilder(console.resolve("/sign-out?csrf=forged"))
                .header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        HttpResponse<String> get =
                send(HttpRequest.newBuilder(console.resolve("/sign-out")).header("Cookie", cookies));
        assertThat(get.statusCode()).isEqualTo(405);

        HttpResponse<String> signedOut = send(HttpRequest.newBuilder(
                        console.resolve("/sign-out?csrf=" + URLEncoder.encode(browser.csrf, StandardCharsets.UTF_8)))
                .header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(signedOut.statusCode()).isEqualTo(204);
        assertThat(signedOut.headers().allValues("Set-Cookie"))
                .anySatisfy(c ->
                        assertThat(c).startsWith(Sessions.SESSION_COOKIE + "=;").contains("Max-Age=0"));
        HttpResponse<String> headerToken = browser.post("/sign-out", "", sessionCookie);
        assertThat(headerToken.statusCode()).isEqualTo(204);
    }

    /** A browser's CSRF cookie and the token the sign-in page gave it. */
    private final class Browser {
        String binding;
        String csrf;

        String csrfCookie() {
            return Sessions.CSRF_COOKIE + "=" + binding;
        }

        /** Signs in as {@code user}; returns the session cookie's value. */
        String signIn(String user) throws Exception {
            HttpResponse<String> signedIn = post("/sign-in", "user=" + user, null);
            assertThat(signedIn.statusCode()).isEqualTo(204);
            assertThat(signedIn.headers().firstValue("HX-Redirect")).hasValue("/");
            List<String> cookies = signedIn.headers().allValues("Set-Cookie");
            String session = cookies.stream()
                    .filter(c -> c.startsWith(Sessions.SESSION_COOKIE + "="))
                    .findFirst()
                    .orElseThrow();
            assertThat(session).contains("HttpOnly");
            return session.substring(Sessions.SESSION_COOKIE.length() + 1, session.indexOf(';'));
        }

        HttpResponse<String> post(String path, String form, String sessionCookie) throws Exception {
            String cookies =
                    csrfCookie() + (sessionCookie == null ? "" : "; " + Sessions.SESSION_COOKIE + "=" + sessionCookie);
            return send(HttpRequest.newBuilder(console.resolve(path))
                    .header("Cookie", cookies)
                    .header(Sessions.CSRF_HEADER, csrf)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }
    }

    /** Loads the sign-in page as a new browser: the CSRF cookie it sets and the token it shows. */
    private Browser open() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(console.resolve("/sign-in")));
        Browser browser = new Browser();
        String cookie = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Sessions.CSRF_COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("SameSite=Strict");
        browser.binding = cookie.substring(Sessions.CSRF_COOKIE.length() + 1, cookie.indexOf(';'));
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).isTrue();
        browser.csrf = token.group(1);
        return browser;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
