package dev.ipfence.it;

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
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 * The console in a real headless Chromium against the packaged console and services, every user
 * signed in through a real Keycloak's login page (authorization code flow with PKCE, realms of
 * deploy/keycloak): the hierarchy, rules, bulk paste, a stale edit, testing an address, blocked
 * attempts, zero-trust edits, the read-only user, signing out, and an axe-core scan of every page.
 * One Keycloak and one set of services for the class; each test signs in with a browser of its
 * own and makes names of its own, so the tests do not depend on each other's order. Screenshots
 * at 1280 px and 390 px go to target/screenshots.
 */
class ConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "ipfence";
    private static final String CLIENT = "ipfence-console";
    private static final String PASSWORD = "ipfence-dev";
    private static final String ORG_A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";

    private static KeycloakProcess keycloak;
    private static ServiceProcess rules;
    private static ServiceProcess enforcement;
    private static ServiceProcess audit;
    private static ServiceProcess console;

    private WebDriver browser;
    private WebDriverWait wait;
    private Browser session;

    @BeforeAll
    static void start() {
        Path root = Path.of(System.getProperty("ipfence.root", ".."));
        keycloak = KeycloakProcess.start(root);
        Map<String, String> trustKeycloak = Map.of(
                "IPFENCE_OIDC_PUBLIC_KEY",
                "",
                "IPFENCE_OIDC_AUTH_SERVER_URL",
                keycloak.issuer(REALM),
                "IPFENCE_OIDC_ISSUER",
                keycloak.issuer(REALM));
        rules = ServiceProcess.start(root, "rule-service", "ipfence_rules", trustKeycloak);
        enforcement = ServiceProcess.start(root, "enforcement-service", null, trustKeycloak);
        audit = ServiceProcess.start(root, "audit-service", "ipfence_audit", trustKeycloak);
        console = ServiceProcess.start(
                root,
                "console",
                null,
                Map.of(
                        "IPFENCE_OIDC_AUTH_SERVER_URL",
                        keycloak.issuer(REALM),
                        "IPFENCE_CONSOLE_CLIENT_ID",
                        CLIENT,
                        "IPFENCE_CONSOLE_SESSION_SECRET",
                        UUID.randomUUID() + "-" + UUID.randomUUID(),
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
    void adminCreatesTheHierarchyAndManagesRules() throws Exception {
        signIn("admin-a");
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

        // a custom range: the attempt is counted in it; a range that ended before it shows none
        String base = console.url() + "/environments/" + envId + "/blocked-attempts?range=custom";
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        browser.get(base + "&since=" + now.minusHours(12) + "&until=" + now.plusMinutes(2));
        assertThat(Long.parseLong(browser.findElement(By.id("attempt-total")).getText()))
                .isGreaterThanOrEqualTo(1);
        assertThat(browser.findElement(By.id("chart-heading")).getText()).contains("Attempts per hour");
        assertThat(browser.findElement(By.id("attempts")).getText()).contains("10.0.0.66");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("a-range")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("custom");
        page("blocked-attempts-custom");
        browser.get(base + "&since=" + now.minusDays(3) + "&until=" + now.minusDays(2));
        assertThat(browser.findElement(By.id("attempt-total")).getText()).isEqualTo("0");
        assertThat(browser.findElements(By.id("no-attempts"))).hasSize(1);
        // what the page cannot show is said at the field
        browser.get(base + "&since=yesterday");
        assertThat(browser.findElement(By.id("a-since-error")).getText())
                .contains("\"yesterday\" is not a date and time");
        assertThat(browser.findElement(By.id("a-since")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.findElements(By.id("attempts-chart"))).isEmpty();
        browser.get(base + "&since=" + now + "&until=" + now.minusHours(1));
        assertThat(browser.findElement(By.id("a-since-error")).getText()).contains("must be before the end");
        browser.get(base + "&since=" + now.minusDays(40) + "&until=" + now);
        assertThat(browser.findElement(By.id("a-until-error")).getText()).contains("at most 31 days");
        page("blocked-attempts-range-error");
        // the form: choosing the custom range and typing the dates
        browser.get(console.url() + "/environments/" + envId + "/blocked-attempts");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("a-range"))).selectByValue("custom");
        setValue(By.id("a-since"), now.minusMinutes(90).toString());
        setValue(By.id("a-until"), now.plusMinutes(1).toString());
        WebElement show = browser.findElement(By.id("a-show"));
        show.click();
        wait.until(ExpectedConditions.stalenessOf(show));
        assertThat(browser.getCurrentUrl()).contains("range=custom").contains("since=");
        assertThat(browser.findElement(By.id("chart-heading")).getText()).contains("Attempts per minute");
        assertThat(Long.parseLong(browser.findElement(By.id("attempt-total")).getText()))
                .isGreaterThanOrEqualTo(1);

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
        String adminSubject =
                KeycloakProcess.claims(token("admin-a")).path("sub").asText();
        assertThat(changes).contains(adminSubject).contains("office").contains("changed elsewhere");
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

        signIn("admin-a");
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
        signIn("admin-a");
        // names and addresses of this run: organization A is shared with the other tests
        String run = UUID.randomUUID().toString().substring(0, 8);
        int octet = 1 + new java.util.Random().nextInt(250);

        // address policies: the strict parser's refusal at the address field, then a policy added
        browser.get(console.url() + "/addresses");
        type(By.id("address-ip"), "10." + octet + ".0.5/24");
        submit(By.id("address-submit"));
        WebElement addressError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("address-ip-error")));
        assertThat(addressError.getText()).contains("10." + octet + ".0.0/24");
        assertThat(browser.findElement(By.id("address-ip")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        page("addresses-field-error");
        WebElement address = browser.findElement(By.id("address-ip"));
        address.clear();
        address.sendKeys("10." + octet + ".0.0/24");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("address-policy"))).selectByValue("deny");
        type(By.id("address-ttl"), "3600");
        submit(By.id("address-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("addresses"), "10." + octet + ".0.0/24"));
        page("addresses");
        JsonNode policies = JSON.readTree(call("/api/addresses?filter%5Bip%5D=10." + octet + ".0.0/24"));
        assertThat(policies).anySatisfy(policy -> {
            assertThat(policy.path("policy").asText()).isEqualTo("deny");
            assertThat(policy.path("ttl").asLong()).isBetween(1L, 3600L);
        });

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
        from.sendKeys("172.16." + octet + ".10");
        WebElement to = browser.findElement(By.id("login-to"));
        to.clear();
        to.sendKeys("172.16." + octet + ".20");
        submit(By.id("login-range-submit"));
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("login-ranges"), "172.16." + octet + ".20"));
        page("login-allowlist");
        assertThat(call("/api/global/loginIpAllowlists")).contains("172.16." + octet + ".10");

        // zero trust: the CEL compiler's error at the condition with line and column, then a rule,
        // a group (its limit refused first) and a policy using both
        String ruleName = "Engineering " + run;
        String groupName = "engineers " + run;
        String policyName = "engineering access " + run;
        browser.get(console.url() + "/zero-trust");
        type(By.id("admission-name"), ruleName);
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
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admission-rules"), ruleName));

        type(By.id("group-name"), groupName);
        type(By.id("group-max-devices"), "5000");
        submit(By.id("group-submit"));
        WebElement devicesError =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("group-max-devices-error")));
        assertThat(devicesError.getText()).contains("1000");
        WebElement devices = browser.findElement(By.id("group-max-devices"));
        devices.clear();
        devices.sendKeys("10");
        submit(By.id("group-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("groups"), groupName));

        type(By.id("policy-name"), policyName);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("policy-rule")))
                .selectByVisibleText(ruleName);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("policy-groups")))
                .selectByVisibleText(groupName);
        type(By.id("policy-resources"), "wiki");
        submit(By.id("policy-submit"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("policies"), policyName));
        page("zero-trust");
        JsonNode policy = named("/api/tenants/policies", policyName);
        assertThat(policy.path("resources").toString()).isEqualTo("[\"wiki\"]");
        assertThat(policy.path("groups")).hasSize(1);
        assertThat(policy.path("rule").asText()).isNotBlank();

        // editing the admission rule: a CEL error at the field, then a change made meanwhile by
        // someone else (the If-Match version is stale: 412), then the edit after reloading
        browser.findElement(By.cssSelector("a[aria-label='Edit admission rule " + ruleName + "']"))
                .click();
        WebElement editCondition = wait.until(ExpectedConditions.elementToBeClickable(By.id("admission-rule")));
        assertThat(editCondition.getAttribute("value")).isEqualTo("user.department == 'Engineering'");
        page("zero-trust-edit-admission-rule");
        editCondition.clear();
        editCondition.sendKeys("user.department == 'Sales' &&");
        submit(By.id("admission-submit"));
        WebElement editError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admission-rule-error")));
        assertThat(editError.getText()).contains("column");
        assertThat(browser.findElement(By.id("admission-rule-pointer")).getText())
                .startsWith("1 | user.department == 'Sales' &&");
        page("zero-trust-edit-cel-error");
        JsonNode rule = named("/api/tenants/admission-rules", ruleName);
        assertThat(rule.path("rule").asText()).isEqualTo("user.department == 'Engineering'");
        replace(
                "/api/tenants/admission-rules/" + rule.path("id").asText(),
                rule.path("version").asLong(),
                "{\"name\":\"" + ruleName + "\",\"type\":\"ALLOW\",\"rule\":\"user.department == 'Support'\","
                        + "\"hasTimeConstraint\":false}");
        WebElement stale = browser.findElement(By.id("admission-rule"));
        stale.clear();
        stale.sendKeys("user.department == 'Sales'");
        submit(By.id("admission-submit"));
        WebElement changed =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admission-rule-form-messages")));
        assertThat(changed.getText()).contains("changed by someone else");
        page("zero-trust-edit-conflict");
        assertThat(named("/api/tenants/admission-rules", ruleName).path("rule").asText())
                .isEqualTo("user.department == 'Support'");
        browser.findElement(By.linkText("Reload the admission rule")).click();
        WebElement reloaded = wait.until(ExpectedConditions.elementToBeClickable(By.id("admission-rule")));
        assertThat(reloaded.getAttribute("value")).isEqualTo("user.department == 'Support'");
        reloaded.clear();
        reloaded.sendKeys("user.department == 'Sales'");
        WebElement save = browser.findElement(By.id("admission-submit"));
        save.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("admission-rules"), "'Sales'"));
        assertThat(named("/api/tenants/admission-rules", ruleName).path("rule").asText())
                .isEqualTo("user.department == 'Sales'");

        // editing the group and the policy: the fields the forms do not show are kept
        browser.findElement(By.cssSelector("a[aria-label='Edit group " + groupName + "']"))
                .click();
        WebElement maxDevices = wait.until(ExpectedConditions.elementToBeClickable(By.id("group-max-devices")));
        assertThat(maxDevices.getAttribute("value")).isEqualTo("10");
        maxDevices.clear();
        maxDevices.sendKeys("20");
        WebElement saveGroup = browser.findElement(By.id("group-submit"));
        saveGroup.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("groups"), "at most 20 devices"));
        browser.findElement(By.cssSelector("a[aria-label='Edit policy " + policyName + "']"))
                .click();
        WebElement resources = wait.until(ExpectedConditions.elementToBeClickable(By.id("policy-resources")));
        assertThat(resources.getAttribute("value")).isEqualTo("wiki");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("policy-groups")))
                        .getAllSelectedOptions().stream()
                                .map(WebElement::getText)
                                .toList())
                .containsExactly(groupName);
        resources.clear();
        resources.sendKeys("wiki, intranet");
        page("zero-trust-edit-policy");
        WebElement savePolicy = browser.findElement(By.id("policy-submit"));
        savePolicy.click();
        wait.until(ExpectedConditions.stalenessOf(savePolicy));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("policies")));
        JsonNode edited = named("/api/tenants/policies", policyName);
        assertThat(edited.path("resources").toString()).isEqualTo("[\"wiki\",\"intranet\"]");
        assertThat(edited.path("groups")).hasSize(1);
        assertThat(edited.path("rule").asText()).isEqualTo(policy.path("rule").asText());
        assertThat(edited.path("version").asLong())
                .isGreaterThan(policy.path("version").asLong());

        // a rule a policy still uses: the service's 409 is shown, nothing is deleted
        browser.findElement(By.cssSelector("button[aria-label='Delete admission rule " + ruleName + "']"))
                .click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        WebElement inUse =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#list-problem .problem")));
        assertThat(inUse.getText()).isNotBlank();
        assertThat(named("/api/tenants/admission-rules", ruleName).path("id").asText())
                .isEqualTo(rule.path("id").asText());
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

        signIn("reader-a");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("reader-a (read only)");
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
                                + " 'application/x-www-form-urlencoded'}, body: 'address=0.0.0.0/0&action=allow'})"
                                + ".then(r => done(r.status), e => done(String(e)));",
                        console.url() + "/scopes/environment/" + envId + "/rules");
        assertThat(withoutToken).isEqualTo(403L);
        // signing out is a change too: without the token (or with a forged one) it is refused, and
        // the user is still signed in
        for (String signOut : List.of("/sign-out", "/sign-out?csrf=forged")) {
            Object refused = ((JavascriptExecutor) browser)
                    .executeAsyncScript(
                            "const done = arguments[arguments.length - 1];"
                                    + "fetch(arguments[0], {method: 'POST', redirect: 'manual'})"
                                    + ".then(r => done(r.status), e => done(String(e)));",
                            console.url() + signOut);
            assertThat(refused).as(signOut).isEqualTo(403L);
        }
        browser.get(console.url() + "/scopes/environment/" + envId + "/rules");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("reader-a");
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

    @Test
    void signInIsKeycloaksWithPkceTheConsoleCallsWithTheUsersTokenAndSigningOutEndsTheProviderSession()
            throws Exception {
        browser.get(console.url() + "/scopes/org/org/rules");
        awaitKeycloakSignIn();
        assertThat(browser.getCurrentUrl())
                .startsWith(keycloak.issuer(REALM) + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256")
                .contains("client_id=" + CLIENT);
        page("keycloak-sign-in");
        // back on the page asked for after signing in
        submitKeycloakSignIn("admin-a");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rules")));
        assertThat(browser.getCurrentUrl()).isEqualTo(console.url() + "/scopes/org/org/rules");
        assertThat(browser.findElement(By.cssSelector(".who")).getText())
                .contains("admin-a")
                .doesNotContain("read only");

        // what the console creates lands in the user's organization, A, and organization B cannot see it
        browser.get(console.url() + "/");
        String project = "kc-" + UUID.randomUUID().toString().substring(0, 8);
        type(By.id("project-form-name"), project);
        browser.findElement(By.cssSelector("#project-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//strong[text()='" + project + "']")));
        browser.findElement(By.xpath("//strong[text()='" + project + "']/ancestor::li[1]//a[text()='Project rules']"))
                .click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rule-address")));
        String projectId = browser.getCurrentUrl().replaceAll(".*/scopes/project/([^/?]+)/rules.*", "$1");
        assertThat(ServiceCalls.call(rules, "GET", "/api/me", token("admin-a"), null)
                        .body())
                .contains(ORG_A);
        assertThat(get("/api/projects/" + projectId).path("name").asText()).isEqualTo(project);
        assertThat(ServiceCalls.call(rules, "GET", "/api/projects/" + projectId, token("admin-b"), null)
                        .statusCode())
                .isEqualTo(404);

        // signing out (with the page's CSRF token) ends the session at Keycloak too: a password again
        browser.findElement(By.xpath("//button[text()='Sign out']")).click();
        awaitKeycloakSignIn();
        browser.get(console.url() + "/scopes/project/" + projectId + "/rules");
        awaitKeycloakSignIn();
        assertThat(browser.findElements(By.id("password"))).hasSize(1);
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
        HttpResponse<String> signOut = http.send(
                HttpRequest.newBuilder(URI.create(console.url() + "/sign-out"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signOut.statusCode()).isEqualTo(403);
        HttpResponse<String> signOutByGet = http.send(
                HttpRequest.newBuilder(URI.create(console.url() + "/sign-out")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signOutByGet.statusCode()).isEqualTo(405);
    }

    /** Signs in at Keycloak's login page as {@code user} and waits for the organization page. */
    private void signIn(String user) throws IOException {
        browser.get(console.url() + "/");
        awaitKeycloakSignIn();
        submitKeycloakSignIn(user);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//h1[text()='Organization']")));
    }

    private void awaitKeycloakSignIn() {
        wait.until(ExpectedConditions.urlContains(keycloak.url()));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("username")));
    }

    private void submitKeycloakSignIn(String user) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.urlContains(console.url()));
    }

    /** Sets a field's value as a date picker would (typing into one depends on the browser's locale). */
    private void setValue(By field, String value) {
        ((JavascriptExecutor) browser)
                .executeScript("arguments[0].value = arguments[1];", browser.findElement(field), value);
    }

    /** An access token of a Keycloak user, by the password grant of the console's client. */
    private static String token(String user) {
        return keycloak.passwordToken(REALM, CLIENT, user, PASSWORD);
    }

    /** The item named {@code name} of a rule-service list. */
    private static JsonNode named(String path, String name) throws Exception {
        for (JsonNode item : JSON.readTree(call(path))) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no " + name + " in " + path);
    }

    /** PUT {@code body} to rule-service as admin-a with If-Match {@code version}; asserts 200. */
    private static void replace(String path, long version, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        request(path)
                                .header("If-Match", "\"" + version + "\"")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
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
                .header("Authorization", "Bearer " + token("admin-a"))
                .header("Content-Type", "application/json");
    }
}
