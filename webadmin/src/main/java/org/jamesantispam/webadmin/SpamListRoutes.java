package org.jamesantispam.webadmin;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.ErrorResponder.ErrorType;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.apache.james.webadmin.utils.Responses;
import org.eclipse.jetty.http.HttpStatus;
import org.jamesantispam.core.lists.InvalidListEntryException;
import org.jamesantispam.core.lists.ListEntry;
import org.jamesantispam.core.lists.SpamList;
import org.jamesantispam.core.lists.SpamListStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.HaltException;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Webadmin routes editing the content filter's run-time lists ({@link SpamListStore}): the sender
 * allow list ({@code allow-senders}), the sender block list ({@code block-senders}) and the spam
 * lovers ({@code spam-lovers}). {@code ScoreWithSpamd} and {@code DataSpamHook} consult them, in
 * addition to their configured lists, from the next message on; they survive restarts (files
 * under {@code var/antispam/lists/}).
 *
 * <table>
 *   <caption>routes</caption>
 *   <tr><td>{@code GET /antispam/lists}</td><td>200, the list names</td></tr>
 *   <tr><td>{@code GET /antispam/lists/{list}}</td><td>200, the entries in order: {@code [{"entry":"bob@example.org"},
 *       {"entry":".partner.example","recipient":"alice@example.test"}]}</td></tr>
 *   <tr><td>{@code PUT /antispam/lists/{list}/{entry}[?recipient=r]}</td><td>204, added at the end (or already there)</td></tr>
 *   <tr><td>{@code DELETE /antispam/lists/{list}/{entry}[?recipient=r]}</td><td>204, removed; 404 when absent</td></tr>
 * </table>
 * An unknown list is 404, an invalid entry 400 (the message names the entry and what is
 * expected), a list that cannot be written 500; all as James' JSON errors.
 *
 * <p>Entries: an address, {@code domain}, {@code .domain} (with subdomains), {@code user@},
 * {@code <>} (null sender) or {@code /regexp/} (RE2), optionally negated with {@code !}; case does
 * not matter outside a regexp. {@code recipient} (sender lists only) limits an entry to mail for
 * that address or ({@code .})domain. The entry is one path segment, percent-encoded: {@code /}
 * is {@code %2F}, {@code +} may stay, space is {@code %20}, {@code %} is {@code %25}; curl does it
 * with {@code -G --data-urlencode} only for query strings, so encode the entry yourself (e.g.
 * {@code jq -rn --arg e '/^news-.*@shop\.example$/' '$e|@uri'}). {@code .} (everyone) cannot be a
 * path segment: write {@code /^/}.
 * <pre>
 * curl -X PUT http://127.0.0.1:8000/antispam/lists/allow-senders/bob@example.org
 * curl -X PUT 'http://127.0.0.1:8000/antispam/lists/allow-senders/.partner.example?recipient=alice@example.test'
 * curl -X PUT http://127.0.0.1:8000/antispam/lists/block-senders/%2F%5Enews-.%2A%40shop%5C.example%24%2F
 * curl http://127.0.0.1:8000/antispam/lists/allow-senders
 * curl -X DELETE http://127.0.0.1:8000/antispam/lists/allow-senders/bob@example.org
 * </pre>
 * Register in {@code webadmin.properties}:
 * {@code extensions.routes=org.jamesantispam.webadmin.SpamListRoutes}. Authenticated like James'
 * own routes ({@code jwt.enabled=true}).
 */
public class SpamListRoutes implements Routes {
    public static final String BASE_PATH = "/antispam/lists";
    private static final String LIST = ":list";
    private static final String ENTRY = ":entry";
    private static final String RECIPIENT = "recipient";
    private static final Logger LOGGER = LoggerFactory.getLogger(SpamListRoutes.class);

    private final SpamListStore store;
    private final JsonTransformer jsonTransformer;

    @Inject
    public SpamListRoutes(SpamListStore store, JsonTransformer jsonTransformer) {
        this.store = store;
        this.jsonTransformer = jsonTransformer;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> Arrays.stream(SpamList.values()).map(SpamList::listName).toList(), jsonTransformer);
        service.get(BASE_PATH + "/" + LIST, this::entries, jsonTransformer);
        service.put(BASE_PATH + "/" + LIST + "/" + ENTRY, this::add);
        service.delete(BASE_PATH + "/" + LIST + "/" + ENTRY, this::remove);
    }

    private List<Map<String, String>> entries(Request request, Response response) {
        return store.entries(list(request)).stream().map(SpamListRoutes::json).toList();
    }

    private static Map<String, String> json(ListEntry entry) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("entry", entry.pattern());
        entry.recipient().ifPresent(recipient -> json.put(RECIPIENT, recipient));
        return json;
    }

    private String add(Request request, Response response) {
        SpamList list = list(request);
        ListEntry entry = entry(list, request);
        try {
            if (store.add(list, entry)) {
                LOGGER.info("antispam list {}: added {}", list, entry);
            }
        } catch (IOException e) {
            throw storeFailure(list, e);
        }
        return Responses.returnNoContent(response);
    }

    private String remove(Request request, Response response) {
        SpamList list = list(request);
        ListEntry entry = entry(list, request);
        boolean removed;
        try {
            removed = store.remove(list, entry);
        } catch (IOException e) {
            throw storeFailure(list, e);
        }
        if (!removed) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.NOT_FOUND_404)
                .type(ErrorType.NOT_FOUND)
                .message("list " + list + " has no entry " + entry)
                .haltError();
        }
        LOGGER.info("antispam list {}: removed {}", list, entry);
        return Responses.returnNoContent(response);
    }

    private static SpamList list(Request request) {
        String name = request.params(LIST);
        return SpamList.named(name).orElseThrow(() -> ErrorResponder.builder()
            .statusCode(HttpStatus.NOT_FOUND_404)
            .type(ErrorType.NOT_FOUND)
            .message("unknown list '" + name + "'; expected one of "
                + Arrays.stream(SpamList.values()).map(SpamList::listName).collect(Collectors.joining(", ")))
            .haltError());
    }

    private static ListEntry entry(SpamList list, Request request) {
        try {
            return ListEntry.of(list, request.params(ENTRY), Optional.ofNullable(request.queryParams(RECIPIENT)));
        } catch (InvalidListEntryException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorType.INVALID_ARGUMENT)
                .message(e.getMessage())
                .haltError();
        }
    }

    private static HaltException storeFailure(SpamList list, IOException e) {
        LOGGER.error("antispam list {} cannot be stored; it is unchanged", list, e);
        return ErrorResponder.builder()
            .statusCode(HttpStatus.INTERNAL_SERVER_ERROR_500)
            .type(ErrorType.SERVER_ERROR)
            .message("list " + list + " cannot be stored (" + e.getMessage() + "); it is unchanged")
            .haltError();
    }
}
