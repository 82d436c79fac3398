package dev.ipfence.testing;

import static io.restassured.RestAssured.given;

/** Reads one series of a service's Prometheus text ({@code /q/metrics}). */
public final class Metrics {

    private Metrics() {}

    /**
     * The value of {@code series}, written as in the text: a name, or a name with its labels, e.g.
     * {@code ipfence_audit_dead_lettered_total{topic="ipfence.rules.v1"}}; 0 when it is not there.
     */
    public static double value(String series) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
