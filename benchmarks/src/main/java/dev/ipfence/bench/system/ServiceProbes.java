package dev.ipfence.bench.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipfence.testing.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the {@link Soak} asks the services besides its load: heap after GC, audit totals, a decision. */
final class ServiceProbes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceProbes() {}

    /** Bytes of heap in use right after a full GC (jcmd GC.run, then the service's own metric). */
    static long heapAfterGc(ServiceProcess service) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(service.pid()), "GC.run")
                    .redirectErrorStream(true)
                    .start();
            jcmd.getInputStream().readAllBytes();
            if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return -1;
            }
            Thread.sleep(500);
            // HTTP/1.1 and a timeout: a stuck exchange must fail the run, not hang the build
            HttpResponse<String> metrics = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(java.time.Duration.ofSeconds(10))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics"))
                                    .timeout(java.time.Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            long bytes = 0;
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    bytes += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return bytes;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What audit-service stored for the environment, counted by each attempt's {@code count}, once it stops growing. */
    static long awaitAudited(Http http, ServiceProcess audit, String env, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long total = -1;
        while (System.nanoTime() < deadline) {
            JsonNode page = http.send(audit, "GET", "/api/environments/" + env + "/blocked-attempts?limit=1", null);
            total = page.path("total").asLong();
            if (total >= expected) {
                return total;
            }
            Thread.sleep(500);
        }
        return total;
    }

    /** A decision request of enforcement-service for {@code ip} in environment {@code env}. */
    static HttpRequest decisionRequest(ServiceProcess enforcement, String env, String ip) {
        return HttpRequest.newBuilder(URI.create(enforcement.url() + "/v1/decisions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ip\":\"" + ip + "\",\"environmentId\":\"" + env + "\"}"))
                .build();
    }

    /** Asks until the decision is as given; returns how many DENY answers came before. */
    static long awaitDecision(ServiceProcess enforcement, String env, String ip, String decision) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long denied = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response =
                    client.send(decisionRequest(enforcement, env, ip), HttpResponse.BodyHandlers.ofString());
            String answer = response.statusCode() == 200
                    ? JSON.readTree(response.body()).path("decision").asText()
                    : null;
            if (decision.equals(answer)) {
                return denied;
            }
            if ("DENY".equals(answer)) {
                denied++;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("enforcement never answered " + decision + " for " + ip);
    }
}
