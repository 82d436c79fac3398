package dev.ipfence.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.ServiceProcess;
import dev.ipfence.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium against the packaged console and services: the
 * development sign-in, the hierarchy, rules, bulk paste, a stale edit, testing an address, the
 * read-only user, and an axe-core scan of every page. Screenshots at 1280 px and 390 px go to
 * target/screenshots.
 */
class ConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ORG = UUID.randomUUID();
    private static final String ADMIN_TOKEN = TestTokens.admin(ORG);

    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static ServiceProcess audit;
    private static ServiceProcess console;

    private WebDriver browser;
    private WebDriverWait wait;
    private Browser session;

    @BeforeAll
    static void start() throws IOException {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", Map.of());
        enforcement = ServiceProcess.start(root, "enforcement-service", null, Map.of());
        audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", Map.of());
        Path key = Path.of("target", "console-dev-key.pem").toAbsolutePath();
        Files.createDirectories(key.getParent());
        Files.writeString(key, testPrivateKey());
        console = ServiceProcess.start(
                root,
                "console",
                null,
                Map.of(
                        "IPFENCE_CONSOLE_OIDC_ENABLED",
                        "false",
                        "IPFENCE_CONSOLE_DEV_SIGN_IN_ENABLED",
                        "true",
                        "IPFENCE_CONSOLE_DEV_KEY_FILE",
                        key.toString(),
                        "IPFENCE_CONSOLE_DEV_ORG",
                        ORG.toString(),
                        "IPFENCE_OIDC_ISSUER",
                        TestTokens.ISSUER,
                        "IPFENCE_CONSOLE_RULES_URL",
                        rules.url(),
                        "IPFENCE_CONSOLE_ENFORCEMENT_URL",
                        enforcement.url(),
                        "IPFENCE_CONSOLE_AUDIT_URL",
                        audit.url()));
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {console, audit, enforcement, rules}) {
            if (service != null) {
                service.close();
            }
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
    void adminCreatesTheHierarchyAndManagesRules() throws Exception {
        signIn("dev-admin");
        page("organization");

        String project = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        type(By.id("project-form-name"), project);
        browser.findElement(By.cssSelector("#project-form button")).click();
        WebElement projectNode = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//strong[text()='" + project + "']/ancestor::li[1]")));
        WebElement envName = projectNode.findElement(By.cssSelector("form[id^=env-form-] input[name=name]"));
        envName.sendKeys("production");
        projectNode.findElement(By.cssSelector("form[id^=env-form-] button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//strong[text()='" + project + "']/ancestor::li[1]"), "1 environment"));
        page("organization-with-project");

        browser.findElement(By.cssSelector("a[aria-label='Rules of " + project + " / production']"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rule-address")));
        String rulesPage = browser.getCurrentUrl();
        String envId = rulesPage.replaceAll(".*/scopes/environment/([^/]+)/rules.*", "$1");

        // a strict-parse refusal shows next to the address field, with the service's suggestion
        addRule("10.0.0.5/24", "allow", "office");
        WebElement addressError =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rule-address-error")));
        assertThat(addressError.getText()).contains("10.0.0.0/24");
        assertThat(browser.findElement(By.id("rule-address")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        page("rules-field-error");

        browser.findElement(By.id("rule-address")).clear();
        addRule("10.0.0.0/24", "allow", "office");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rules"), "10.0.0.0/24"));
        addRule("10.0.0.66", "deny", "stolen laptop");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rules"), "10.0.0.66/32"));
        assertThat(browser.findElement(By.id("rule-count")).getText()).startsWith("2 of 2 rules");

        // bulk paste: created, skipped and every error line exactly as the service returns them
        type(By.id("bulk-cidrs"), "192.0.2.0/24\n10.0.0.0/24\n010.0.0.1\n198.51.100.7-198.51.100.9\n10.9.9.9/8");
        browser.findElement(By.id("bulk-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("bulk-created")));
        assertThat(browser.findElement(By.id("bulk-created")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("bulk-skipped")).getText()).isEqualTo("1");
        List<String> errors = browser.findElements(By.cssSelector("#bulk-errors li")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("entry 3: \"010.0.0.1\"");
        assertThat(errors.get(1)).startsWith("entry 5: \"10.9.9.9/8\"").contains("10.0.0.0/8");
        page("rules-bulk-result");

        // the table: search, filter and paging work on what the service holds
        browser.get(rulesPage + "?action=deny");
        assertThat(browser.findElement(By.id("rule-count")).getText()).startsWith("1 of 4 rules");
        assertThat(browser.findElement(By.id("rules")).getText())
                .contains("10.0.0.66/32")
                .doesNotContain("192.0.2.0/24");
        browser.get(rulesPage + "?q=198.51");
        assertThat(browser.findElement(By.id("rules")).getText()).contains("198.51.100.7-198.51.100.9");
        browser.get(rulesPage);
        page("rules");

        // an edit that someone else overtook: 412 from the service, "changed by someone else" here
        browser.findElement(By.cssSelector("a[aria-label='Edit 10.0.0.0/24']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rule-submit")));
        page("rule-edit");
        String ruleId = browser.getCurrentUrl().replaceAll(".*/rules/([^/]+)/edit$", "$1");
        changeLabelBehindTheConsole(envId, ruleId, "changed elsewhere");
        type(By.id("rule-label"), " (edited)");
        browser.findElement(By.id("rule-submit")).click();
        WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rule-form-messages")));
        assertThat(conflict.getText()).contains("changed by someone else");
        page("rule-edit-conflict");
        assertThat(rule(envId, ruleId).path("label").asText()).isEqualTo("changed elsewhere");

        // test an address: decision, reason, the deciding rule and the rules taking part
        browser.get(console.url() + "/test?env=" + envId);
        // enforcement-service learns the rules from Kafka: ask until it has them
        decide("10.0.0.66", "DENY_RULE");
        assertThat(browser.findElement(By.id("decision-value")).getText()).isEqualTo("DENY");
        assertThat(browser.findElement(By.id("decision-reason")).getText()).isEqualTo("DENY_RULE");
        assertThat(browser.findElement(By.cssSelector("#taking-part tr.deciding"))
                        .getText())
                .contains("10.0.0.66/32");
        page("test-deny");
        decide("203.0.113.1", "NOT_ALLOWLISTED");
        assertThat(browser.findElement(By.id("decision-value")).getText()).isEqualTo("DENY");

        // the denied test shows up as a blocked attempt: in the table, the chart and the top addresses
        String attemptsPage = console.url() + "/environments/" + envId + "/blocked-attempts?range=1h";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        browser.get(attemptsPage);
        while (browser.findElements(By.id("attempts")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            browser.get(attemptsPage);
        }
        assertThat(browser.findElement(By.id("attempts")).getText())
                .contains("10.0.0.66")
                .contains("DENY_RULE");
        assertThat(Long.parseLong(browser.findElement(By.id("attempt-total")).getText()))
                .isGreaterThanOrEqualTo(1);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#attempts-chart .uplot canvas")));
        assertThat(browser.findElement(By.id("top-ips")).getText()).contains("10.0.0.66");
        page("blocked-attempts");
        browser.get(console.url() + "/environments/" + envId + "/blocked-attempts?range=1h&ip=192.0.2.0/24");
        assertThat(browser.findElements(By.id("no-attempts"))).hasSize(1);

        // effective rules: the environment's own allow list and deny rule take part
        browser.get(console.url() + "/environments/" + envId + "/effective-rules");
        assertThat(browser.findElement(By.id("allow-list-from")).getText()).contains("environment");
        assertThat(browser.findElement(By.id("effective")).getText())
                .contains("10.0.0.66/32")
                .contains("192.0.2.0/24");
        page("effective-rules");

        // the change log: who created the rule, and the label changed behind the console's back
        browser.get(console.url() + "/changes?entityId=" + ruleId);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (browser.findElements(By.id("changes")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            browser.navigate().refresh();
        }
        String changes = browser.findElement(By.id("changes")).getText();
        assertThat(changes).contains("dev-admin").contains("office").contains("changed elsewhere");
        page("change-log");

        assertNoSeriousAccessibilityViolations();
    }

    @Test
    void adminRenamesAndDeletesAProjectWithEverythingInItOnlyWhenAsked() throws Exception {
        String name = "old-" + UUID.randomUUID().toString().substring(0, 8);
        String project =
                post("/api/projects", "{\"name\":\"" + name + "\"}").path("id").asText();
        String envId = post("/api/projects/" + project + "/environments", "{\"name\":\"qa\"}")
                .path("id")
                .asText();
        post("/api/environments/" + envId + "/ip-access-rules", "{\"cidr\":\"10.2.0.0/16\"}");

        signIn("dev-admin");
        WebElement controls =
                browser.findElement(By.xpath("//strong[text()='" + name + "']/following-sibling::details"));
        controls.findElement(By.tagName("summary")).click();
        WebElement rename = controls.findElement(By.cssSelector("input[name=name]"));
        rename.clear();
        rename.sendKeys("renamed-" + name);
        controls.findElement(By.cssSelector("form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//strong[text()='renamed-" + name + "']")));
        assertThat(get("/api/projects/" + project).path("name").asText()).isEqualTo("renamed-" + name);

        // a project that still holds an environment: the service refuses, the page explains and offers more
        controls = browser.findElement(By.xpath("//strong[text()='renamed-" + name + "']/following-sibling::details"));
        controls.findElement(By.tagName("summary")).click();
        controls.findElement(By.cssSelector("button.danger")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tree-problem")));
        assertThat(problem.getText()).contains("still holds environments or rules");
        page("organization-delete-refused");
        assertThat(get("/api/projects/" + project).path("id").asText()).isEqualTo(project);

        browser.findElement(By.id("cascade-delete")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(
                ExpectedConditions.invisibilityOfElementLocated(By.xpath("//strong[text()='renamed-" + name + "']")));
        HttpResponse<String> gone = HttpClient.newHttpClient()
                .send(request("/api/projects/" + project).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertNoSeriousAccessibilityViolations();
    }

    @Test
    void adminManagesAddressPoliciesTheLoginAllowlistAndZeroTrustPolicies() throws Exception {
        signIn("dev-admin");

        // address policies: the strict parser's refusal at the address field, then a policy added
        browser.get(console.url() + "/addresses");
        type(By.id("address-ip"), "10.7.0.5/24");
        submit(By.id("address-submit"));
        WebElement addressError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("address-ip-error")));
        assertThat(addressError.getText()).contains("10.7.0.0/24");
        assertThat(browser.findElement(By.id("address-ip")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        page("addresses-field-error");
        WebElement address = browser.findElement(By.id("address-ip"));
        address.clear();
        address.sendKeys("10.7.0.0/24");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("address-policy"))).selectByValue("deny");
        type(By.id("address-ttl"), "3600");
        submit(By.id("address-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("addresses"), "10.7.0.0/24"));
        assertThat(browser.findElement(By.id("addresses")).getText()).contains("deny");
        page("addresses");
        JsonNode policies = JSON.readTree(call("/api/addresses?filter%5Bip%5D=10.7.0.0/24"));
        assertThat(policies).hasSize(1);
        assertThat(policies.get(0).path("policy").asText()).isEqualTo("deny");
        assertThat(policies.get(0).path("ttl").asLong()).isBetween(1L, 3600L);

        // the login allowlist: a range that does not parse is refused at its field, a good one listed
        browser.get(console.url() + "/login-allowlist");
        type(By.id("login-from"), "010.0.0.1");
        type(By.id("login-to"), "10.0.0.9");
        submit(By.id("login-range-submit"));
        WebElement fromError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-from-error")));
        assertThat(fromError.getText()).isNotBlank();
        page("login-allowlist-field-error");
        WebElement from = browser.findElement(By.id("login-from"));
        from.clear();
        from.sendKeys("203.0.113.10");
        WebElement to = browser.findElement(By.id("login-to"));
        to.clear();
        to.sendKeys("203.0.113.20");
        submit(By.id("login-range-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-ranges"), "203.0.113.20"));
        page("login-allowlist");
        assertThat(call("/api/global/loginIpAllowlists")).contains("203.0.113.10");

        // zero trust: the CEL compiler's error at the condition with line and column, then a rule,
        // a group (its limit refused first) and a policy using both
        browser.get(console.url() + "/zero-trust");
        type(By.id("admission-name"), "Engineering");
        type(By.id("admission-rule"), "user.department == 'Engineering'\n&& user.departmnt != ''");
        submit(By.id("admission-submit"));
        WebElement celError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admission-rule-error")));
        assertThat(celError.getText()).contains("line 2, column").contains("departmnt");
        assertThat(browser.findElement(By.id("admission-rule-pointer")).getText())
                .startsWith("2 | && user.departmnt != ''")
                .endsWith("^");
        page("zero-trust-cel-error");
        WebElement condition = browser.findElement(By.id("admission-rule"));
        condition.clear();
        condition.sendKeys("user.department == 'Engineering'");
        submit(By.id("admission-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admission-rules"), "Engineering"));

        type(By.id("group-name"), "engineers");
        type(By.id("group-max-devices"), "5000");
        submit(By.id("group-submit"));
        WebElement devicesError =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("group-max-devices-error")));
        assertThat(devicesError.getText()).contains("1000");
        WebElement devices = browser.findElement(By.id("group-max-devices"));
        devices.clear();
        devices.sendKeys("10");
        submit(By.id("group-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("groups"), "engineers"));

        type(By.id("policy-name"), "engineering access");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("policy-rule")))
                .selectByVisibleText("Engineering");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("policy-groups")))
                .selectByVisibleText("engineers");
        type(By.id("policy-resources"), "wiki");
        submit(By.id("policy-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("policies"), "engineering access"));
        page("zero-trust");
        JsonNode policy = JSON.readTree(call("/api/tenants/policies")).get(0);
        assertThat(policy.path("resources").toString()).isEqualTo("[\"wiki\"]");
        assertThat(policy.path("groups")).hasSize(1);
        assertThat(policy.path("rule").asText()).isNotBlank();

        // a rule a policy still uses: the service's 409 is shown, nothing is deleted
        browser.findElement(By.cssSelector("button[aria-label='Delete admission rule Engineering']"))
                .click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        WebElement inUse =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#list-problem .problem")));
        assertThat(inUse.getText()).isNotBlank();
        assertThat(JSON.readTree(call("/api/tenants/admission-rules"))).hasSize(1);
        assertNoSeriousAccessibilityViolations();
    }

    @Test
    void readOnlyUserSeesNoChangeControlsAndTheServiceRefusesAForgedChange() throws Exception {
        String project = post("/api/projects", "{\"name\":\"viewer-" + UUID.randomUUID() + "\"}")
                .path("id")
                .asText();
        String envId = post("/api/projects/" + project + "/environments", "{\"name\":\"staging\"}")
                .path("id")
                .asText();
        post("/api/environments/" + envId + "/ip-access-rules", "{\"cidr\":\"10.1.0.0/16\"}");

        signIn("dev-viewer");
        page("organization-read-only");
        assertThat(browser.findElements(By.id("project-form"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("form[hx-post]"))).isEmpty();

        browser.get(console.url() + "/scopes/environment/" + envId + "/rules");
        assertThat(browser.findElement(By.id("rules")).getText()).contains("10.1.0.0/16");
        assertThat(browser.findElements(By.tagName("button")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("Sign out", "Filter");
        assertThat(browser.findElements(By.id("rule-form"))).isEmpty();
        assertThat(browser.findElements(By.id("bulk-form"))).isEmpty();
        page("rules-read-only");

        // a change forged from the page itself, with a valid CSRF token: the service refuses it
        String csrf = (String) ((JavascriptExecutor) browser)
                .executeScript("return JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'];");
        Object forged = ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], {method: 'POST', headers: {'X-CSRF-Token': arguments[1],"
                                + " 'Content-Type': 'application/x-www-form-urlencoded'},"
                                + " body: 'address=0.0.0.0/0&action=allow&active=true'})"
                                + ".then(r => done(r.status), e => done(String(e)));",
                        console.url() + "/scopes/environment/" + envId + "/rules",
                        csrf);
        assertThat(forged).isEqualTo(403L);
        // and without the CSRF token the console refuses before asking anyone
        Object withoutToken = ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type':"
                                + " 'application/x-www-form-urlencoded'}, body: 'user=dev-admin'})"
                                + ".then(r => done(r.status), e => done(String(e)));",
                        console.url() + "/sign-in");
        assertThat(withoutToken).isEqualTo(403L);
        JsonNode list = get("/api/environments/" + envId + "/ip-access-rules");
        assertThat(list.path("rules")).hasSize(1);
        for (String path : List.of("/addresses", "/login-allowlist", "/zero-trust")) {
            browser.get(console.url() + path);
            assertThat(browser.findElements(By.cssSelector("form[hx-post], [hx-post]:not(.link)")))
                    .as(path)
                    .isEmpty();
            page("read-only" + path.replace('/', '-'));
        }
        assertNoSeriousAccessibilityViolations();
    }

    private void signIn(String user) throws IOException {
        browser.get(console.url() + "/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in-" + user)));
        page("sign-in");
        browser.findElement(By.id("sign-in-" + user)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//h1[text()='Organization']")));
    }

    /** Submits the test form until the decision has {@code reason} (enforcement catches up with Kafka). */
    private void decide(String ip, String reason) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            WebElement field = browser.findElement(By.id("test-ip"));
            field.clear();
            field.sendKeys(ip);
            List<WebElement> before = browser.findElements(By.id("decision-value"));
            browser.findElement(By.id("test-submit")).click();
            if (!before.isEmpty()) {
                wait.until(ExpectedConditions.stalenessOf(before.get(0)));
            }
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decision-value")));
            String shown = browser.findElement(By.id("decision-reason")).getText();
            if (shown.equals(reason) || System.nanoTime() > deadline) {
                assertThat(shown).isEqualTo(reason);
                return;
            }
            Thread.sleep(500);
        }
    }

    private void addRule(String address, String action, String label) {
        type(By.id("rule-address"), address);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("rule-action"))).selectByValue(action);
        WebElement labelField = browser.findElement(By.id("rule-label"));
        labelField.clear();
        labelField.sendKeys(label);
        WebElement submit = browser.findElement(By.id("rule-submit"));
        submit.click();
        wait.until(ExpectedConditions.stalenessOf(submit));
    }

    /** Clicks a form's submit button and waits until htmx has swapped the form. */
    private void submit(By button) {
        WebElement element = browser.findElement(button);
        element.click();
        wait.until(ExpectedConditions.stalenessOf(element));
    }

    /** The body of a GET of rule-service as the admin; asserts 200. */
    private static String call(String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private void type(By field, String text) {
        session.type(field, text);
    }

    private void page(String name) throws IOException {
        session.screenshots(name);
    }

    private void assertNoSeriousAccessibilityViolations() {
        session.assertNoSeriousAccessibilityViolations(url -> true);
    }

    private void changeLabelBehindTheConsole(String envId, String ruleId, String label) throws Exception {
        JsonNode rule = rule(envId, ruleId);
        String body =
                "{\"cidr\":\"" + rule.path("cidr").asText() + "\",\"action\":\"allow\",\"label\":\"" + label + "\"}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        request("/api/environments/" + envId + "/ip-access-rules/" + ruleId)
                                .header("If-Match", "\"" + rule.path("version").asLong() + "\"")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private JsonNode rule(String envId, String ruleId) throws Exception {
        return get("/api/environments/" + envId + "/ip-access-rules/" + ruleId);
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        request(path)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(rules.url() + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json");
    }

    private static String testPrivateKey() {
        return Browser.resource("/ipfence-test-keys/private.pem");
    }
}
