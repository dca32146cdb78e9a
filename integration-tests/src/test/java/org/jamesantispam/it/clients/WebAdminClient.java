package org.jamesantispam.it.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP client for James webadmin (JDK {@link HttpClient}), bodies as JSON text.
 *
 * <pre>{@code
 * WebAdminClient webadmin = new WebAdminClient(port);
 * assertThat(webadmin.get("/domains").body()).contains("example.test");
 * }</pre>
 */
public final class WebAdminClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private String bearerToken;

    public WebAdminClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Sends {@code Authorization: Bearer token} from now on (webadmin with {@code jwt.enabled=true}). */
    public WebAdminClient withToken(String token) {
        this.bearerToken = token;
        return this;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    public HttpResponse<String> put(String path, String json) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** PATCH without a body, e.g. {@code /mailRepositories/{path}/mails/{key}?action=reprocess&processor=transport}. */
    public HttpResponse<String> patch(String path) {
        return send(request(path).method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("webadmin request failed: " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
