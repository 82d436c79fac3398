package dev.ipfence.it;

import static dev.ipfence.it.ServiceCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.KeycloakProcess;
import dev.ipfence.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console signing users in through a real Keycloak's login page (authorization code flow with
 * PKCE), calling the packaged rule-service with the user's access token, and signing out. One
 * Keycloak for the class. Screenshots of the Keycloak sign-in go to target/screenshots.
 */
class ConsoleKeycloakSignInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "ipfence";
    private static final String PASSWORD = "ipfence-dev";
    private static final String ORG_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";

    private static KeycloakProcess keycloak;
    private static ServiceProcess rules;
    private static ServiceProcess console;

    private WebDriver browser;
    private WebDriverWait wait;
    private Browser session;

    @BeforeAll
    static void start() throws IOException {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        keycloak = KeycloakProcess.start(root);
        rules = ServiceProcess.start(
                root,
                "rule-service",
                "ipfence_rules",
                Map.of(
                        "IPFENCE_OIDC_PUBLIC_KEY",
                        "",
                        "IPFENCE_OIDC_AUTH_SERVER_URL",
                        keycloak.issuer(REALM),
                        "IPFENCE_OIDC_ISSUER",
                        keycloak.issuer(REALM)));
        console = ServiceProcess.start(
                root,
                "console",
                null,
                Map.of(
                        "IPFENCE_OIDC_AUTH_SERVER_URL",
                        keycloak.issuer(REALM),
                        "IPFENCE_CONSOLE_CLIENT_ID",
                        "ipfence-console",
                        "IPFENCE_CONSOLE_SESSION_SECRET",
                        UUID.randomUUID() + "-" + UUID.randomUUID(),
                        "IPFENCE_CONSOLE_RULES_URL",
                        rules.url(),
                        "IPFENCE_CONSOLE_ENFORCEMENT_URL",
                        rules.url(),
                        "IPFENCE_CONSOLE_AUDIT_URL",
                        rules.url()));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (rules != null) {
            rules.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        session = Browser.open();
        browser = session.driver();
        wait = session.waiting();
    }

    @AfterEach
    void closeBrowser() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void adminSignsInAtKeycloakChangesRulesWithItsTokenAndSignsOut() throws Exception {
        browser.get(console.url() + "/");
        awaitKeycloakSignIn();
        assertThat(browser.getCurrentUrl())
                .startsWith(keycloak.issuer(REALM) + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256")
                .contains("client_id=ipfence-console");
        page("keycloak-sign-in");
        signIn("admin-a");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("admin-a");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).doesNotContain("read only");

        // the services accept the console's token: the project and the rule land in organization A
        String project = "kc-" + UUID.randomUUID().toString().substring(0, 8);
        type(By.id("project-form-name"), project);
        browser.findElement(By.cssSelector("#project-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//strong[text()='" + project + "']")));
        page("organization-keycloak");

        browser.findElement(By.xpath("//strong[text()='" + project + "']/ancestor::li[1]//a[text()='Project rules']"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rule-address")));
        String projectId = browser.getCurrentUrl().replaceAll(".*/scopes/project/([^/?]+)/rules.*", "$1");
        type(By.id("rule-address"), "192.0.2.0/28");
        WebElement label = browser.findElement(By.id("rule-label"));
        label.sendKeys("signed in at keycloak");
        WebElement submit = browser.findElement(By.id("rule-submit"));
        submit.click();
        wait.until(ExpectedConditions.stalenessOf(submit));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rules"), "192.0.2.0/28"));
        page("rules-keycloak");

        String adminToken = keycloak.passwordToken(REALM, "ipfence-console", "admin-a", PASSWORD);
        HttpResponse<String> listed =
                call(rules, "GET", "/api/projects/" + projectId + "/ip-access-rules", adminToken, null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode rule = JSON.readTree(listed.body()).path("rules").get(0);
        assertThat(rule.path("cidr").asText()).isEqualTo("192.0.2.0/28");
        assertThat(rule.path("createdBy").asText()).isNotBlank();
        HttpResponse<String> me = call(rules, "GET", "/api/me", adminToken, null);
        assertThat(me.body()).contains(ORG_A);
        String otherOrg = keycloak.passwordToken(REALM, "ipfence-console", "admin-b", PASSWORD);
        assertThat(call(rules, "GET", "/api/projects/" + projectId, otherOrg, null)
                        .statusCode())
                .isEqualTo(404);

        // signing out ends the session at Keycloak too: the console asks for a password again
        browser.findElement(By.xpath("//button[text()='Sign out']")).click();
        awaitKeycloakSignIn();
        browser.get(console.url() + "/scopes/project/" + projectId + "/rules");
        awaitKeycloakSignIn();
        assertNoSeriousAccessibilityViolations();
    }

    @Test
    void readerSignsInAtKeycloakAndSeesNoChangeControls() throws Exception {
        browser.get(console.url() + "/scopes/org/org/rules");
        awaitKeycloakSignIn();
        signInAndReturn("reader-a");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rules")));
        assertThat(browser.getCurrentUrl()).isEqualTo(console.url() + "/scopes/org/org/rules");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("reader-a (read only)");
        assertThat(browser.findElements(By.id("rule-form"))).isEmpty();
        assertThat(browser.findElements(By.id("bulk-form"))).isEmpty();
        assertThat(browser.findElements(By.tagName("button")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("Sign out", "Filter");
        page("rules-read-only-keycloak");
        browser.get(console.url() + "/");
        assertThat(browser.findElements(By.id("project-form"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("form[hx-post]"))).isEmpty();
        assertNoSeriousAccessibilityViolations();
    }

    @Test
    void aRequestWithoutSessionIsSentToTheLoginPageAndAnHtmxRequestToAFullPageLoad() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(console.url() + "/addresses")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location)
                        .startsWith(keycloak.issuer(REALM) + "/protocol/openid-connect/auth")
                        .contains("code_challenge="));
        HttpResponse<String> fragment = http.send(
                HttpRequest.newBuilder(URI.create(console.url() + "/scopes/org/org/rules"))
                        .header("HX-Request", "true")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fragment.statusCode()).isEqualTo(401);
        assertThat(fragment.headers().firstValue("HX-Redirect")).hasValue("/");
        assertThat(fragment.body()).isEqualTo("Signed out: sign in again.");
    }

    private void awaitKeycloakSignIn() {
        wait.until(ExpectedConditions.urlContains(keycloak.url()));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("username")));
    }

    /** Fills Keycloak's login form and waits for the console's organization page. */
    private void signIn(String username) {
        signInAndReturn(username);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//h1[text()='Organization']")));
    }

    private void signInAndReturn(String username) {
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.urlContains(console.url()));
    }

    private void type(By field, String text) {
        session.type(field, text);
    }

    private void page(String name) throws IOException {
        session.screenshots(name);
    }

    private void assertNoSeriousAccessibilityViolations() {
        session.assertNoSeriousAccessibilityViolations(url -> url.startsWith(console.url()));
    }
}
