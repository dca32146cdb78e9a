package org.jamesantispam.core.dnsbl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;

/**
 * {@link DnsblResolver} on dnsjava (shipped with James): asynchronous UDP queries (TCP when a reply
 * is truncated) to one server {@code host:port}, e.g. a local rbldnsd on a high port, or to the
 * system's name servers ({@code /etc/resolv.conf}, in turn).
 */
public final class DnsjavaDnsblResolver implements DnsblResolver {
    /** Completions run here, never in dnsjava's selector thread. */
    private static final Executor CALLBACKS = Executors.newFixedThreadPool(2, new DaemonThreads());

    private final Resolver resolver;
    private final String description;

    private DnsjavaDnsblResolver(Resolver resolver, String description) {
        this.resolver = resolver;
        this.description = description;
    }

    /** The resolver for {@code address}, each query waiting at most {@code timeout}. */
    public static DnsjavaDnsblResolver of(DnsServerAddress address, Duration timeout) {
        return address.server()
            .map(server -> server(server, timeout))
            .orElseGet(() -> system(timeout));
    }

    /** Queries {@code server} only. */
    public static DnsjavaDnsblResolver server(InetSocketAddress server, Duration timeout) {
        return new DnsjavaDnsblResolver(simple(server, timeout), DnsServerAddress.of(server).toString());
    }

    /** Queries the system's name servers, as dnsjava reads them ({@code /etc/resolv.conf}). */
    public static DnsjavaDnsblResolver system(Duration timeout) {
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : ResolverConfig.getCurrentConfig().servers()) {
            resolvers.add(simple(server, timeout));
        }
        ExtendedResolver extended = new ExtendedResolver(resolvers);
        extended.setTimeout(timeout);
        extended.setRetries(1);
        return new DnsjavaDnsblResolver(extended, DnsServerAddress.SYSTEM + " " + ResolverConfig.getCurrentConfig().servers());
    }

    private static SimpleResolver simple(InetSocketAddress server, Duration timeout) {
        SimpleResolver simple = new SimpleResolver(server);
        simple.setTimeout(timeout);
        simple.setTCP(false);
        return simple;
    }

    @Override
    public CompletionStage<Message> send(Message query) {
        return resolver.sendAsync(query, CALLBACKS);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "dnsbl-resolver-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
