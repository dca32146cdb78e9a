package org.jamesantispam.it.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.jamesantispam.it.clients.WebAdminClient;
import org.jamesantispam.it.james.AntispamJames;
import org.jamesantispam.it.james.JamesConf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

/**
 * Our webadmin routes are authenticated exactly like James' own: with {@code jwt.enabled=true} and
 * {@code jwt.publickeypem.url=file://conf/jwt_publickey} in webadmin.properties (a fresh RSA key
 * pair per run), a request without a token, with a malformed token, a token signed by another key,
 * an expired token or a token without {@code "admin": true} gets 401; a valid admin token gets
 * through. And the reference configuration binds webadmin to loopback only.
 */
class JwtSecurityTest {
    private static final KeyPair KEYS = rsaKeyPair();
    private static final KeyPair OTHER_KEYS = rsaKeyPair();

    /**
     * Every route of james-antispam: method, path (with a query if it needs one) and the status a
     * valid admin token gets (any answer but 401 proves the token got through; the expected one
     * proves the route ran). Add new routes here: each must refuse unauthenticated requests.
     */
    static Stream<Arguments> routes() {
        return Stream.of(
            Arguments.of("GET", "/antispam/stats", 200),
            Arguments.of("GET", "/antispam/lists", 200),
            Arguments.of("GET", "/antispam/lists/allow-senders", 200),
            Arguments.of("PUT", "/antispam/lists/block-senders/jwt-test@bad.example", 204),
            Arguments.of("DELETE", "/antispam/lists/block-senders/jwt-test@bad.example", 204),
            // through authentication, the dry run refuses the empty message
            Arguments.of("POST", "/antispam/check?ip=192.0.2.1&recipient=alice@example.test", 400),
            Arguments.of("GET", "/antispam/quarantine", 200),
            // through authentication, an id that is not in the quarantine
            Arguments.of("GET", "/antispam/quarantine/spam-AAAAAAAAAAAA", 404),
            Arguments.of("POST", "/antispam/quarantine/spam-AAAAAAAAAAAA?action=release", 404),
            Arguments.of("POST", "/antispam/quarantine/spam-AAAAAAAAAAAA?action=learn-spam", 404),
            Arguments.of("DELETE", "/antispam/quarantine/spam-AAAAAAAAAAAA", 404),
            Arguments.of("DELETE", "/antispam/quarantine?olderThan=3650d", 201));
    }

    @RegisterExtension
    static JamesServerExtension james = AntispamJames.extension(JamesConf.reference()
        .withoutContentFilter()
        .file("jwt_publickey", publicKeyPem(KEYS))
        .replace("webadmin.properties", "host=127.0.0.1", "host=127.0.0.1\njwt.enabled=true\njwt.publickeypem.url=file://conf/jwt_publickey"));

    private static int port;

    @BeforeAll
    static void setUp(GuiceJamesServer server) {
        port = AntispamJames.webAdminPort(server);
    }

    private static WebAdminClient client() {
        return new WebAdminClient(port);
    }

    private static String token(PrivateKey key, Object admin, Instant expiry) {
        var builder = Jwts.builder().setSubject("admin@example.test").setIssuedAt(new Date());
        if (admin != null) {
            builder.claim("admin", admin);
        }
        if (expiry != null) {
            builder.setExpiration(Date.from(expiry));
        }
        return builder.signWith(key, SignatureAlgorithm.RS256).compact();
    }

    private static String adminToken() {
        return token(KEYS.getPrivate(), true, Instant.now().plusSeconds(600));
    }

    private static HttpResponse<String> send(WebAdminClient client, String method, String path) {
        return switch (method) {
            case "GET" -> client.get(path);
            case "POST" -> client.post(path, "");
            case "PUT" -> client.put(path, "");
            case "DELETE" -> client.delete(path);
            case "PATCH" -> client.patch(path);
            default -> throw new IllegalArgumentException(method);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void withoutTokenIsUnauthorized(String method, String path, int allowed) {
        assertThat(send(client(), method, path).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void malformedTokenIsUnauthorized(String method, String path, int allowed) {
        assertThat(send(client().withToken("not.a.token"), method, path).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void tokenSignedByAnotherKeyIsUnauthorized(String method, String path, int allowed) {
        assertThat(send(client().withToken(token(OTHER_KEYS.getPrivate(), true, null)), method, path).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void expiredTokenIsUnauthorized(String method, String path, int allowed) {
        String expired = token(KEYS.getPrivate(), true, Instant.now().minusSeconds(60));
        assertThat(send(client().withToken(expired), method, path).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void nonAdminTokenIsUnauthorized(String method, String path, int allowed) {
        assertThat(send(client().withToken(token(KEYS.getPrivate(), false, null)), method, path).statusCode()).isEqualTo(401);
        assertThat(send(client().withToken(token(KEYS.getPrivate(), null, null)), method, path).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void validAdminTokenGetsThrough(String method, String path, int allowed) {
        HttpResponse<String> response = send(client().withToken(adminToken()), method, path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(allowed);
    }

    @Test
    void statisticsAnswerWithAValidAdminToken() {
        HttpResponse<String> response = client().withToken(adminToken()).get("/antispam/stats");
        assertThat(response.body()).contains("\"verdicts\":{").contains("\"rejections\":{");
    }

    @Test
    void jamesOwnRoutesAreProtectedTheSameWay() {
        assertThat(client().get("/domains").statusCode()).isEqualTo(401);
        assertThat(client().withToken(adminToken()).get("/domains").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsStayPublicAsInJames() {
        // James' MetricsRoutes is a PublicRoutes: /metrics needs no token, hence the loopback binding.
        HttpResponse<String> response = client().get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("antispam_rejection_total");
    }

    @Test
    void referenceConfigurationBindsWebadminToLoopbackOnly() throws IOException {
        assertThat(Files.readAllLines(JamesConf.referenceDirectory().resolve("webadmin.properties"), StandardCharsets.UTF_8))
            .contains("host=127.0.0.1");
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            assertThat(loopback.isConnected()).isTrue();
        }
        // another local address of the machine: nobody listens there
        assertThatThrownBy(() -> {
            try (Socket other = new Socket()) {
                other.connect(new InetSocketAddress("127.0.0.2", port), 5000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicKeyPem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    }
}
