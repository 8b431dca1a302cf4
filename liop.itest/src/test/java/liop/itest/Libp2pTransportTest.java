package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import javax.inject.Inject;
import liop.api.transport.Transport;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The node reached over libp2p, inside a real Felix with the distribution's bundles: the transport
 * is configured through Config Admin (PID liop.transport.libp2p), registers its Transport service
 * with its PeerId and full multiaddr, and a client in the test (the client bundle's exec command,
 * as bin/liop exec --node runs it) executes a guest through it. The pipeline knows that client by
 * its PeerId: a tier naming it gives it the fuel it needs, while every other peer's tier is too small.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Libp2pTransportTest {

    private static final String PID = "liop.transport.libp2p";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        // liop.base is where the client's own key lands (data/node.key), as in an installation.
        Path base = Path.of(System.getProperty("liop.itest.work", "target/itest-work")).toAbsolutePath().resolve("Libp2pTransportTest");
        return OptionUtils.combine(LiopOptions.node("Libp2pTransportTest"), frameworkProperty("liop.base").value(base.toString()));
    }

    /** Once per framework: a change would restart the listener (on a new port) under a running test. */
    @Before
    public void listenOnAFreePort() throws Exception {
        if (configurationAdmin.getConfiguration(PID, "?").getProperties() != null) {
            return;
        }
        new Configs(configurationAdmin).set(PID, Configs.props(
                "listen.addresses", new String[] {"/ip4/127.0.0.1/tcp/0"},
                "key.file", nodeKey().toString()));
    }

    private static Path nodeKey() {
        return LiopOptions.work().resolve("node-under-test.key");
    }

    private Transport transport() {
        return Await.value("the libp2p transport listening", Duration.ofSeconds(15), () -> {
            try {
                Collection<ServiceReference<Transport>> refs = context.getServiceReferences(Transport.class, "(liop.transport.name=libp2p)");
                return refs.isEmpty() ? null : context.getService(refs.iterator().next());
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private String[] command(String name, String... args) throws Exception {
        BiFunction<String[], PrintStream, Integer> command = Await.value("the " + name + " command", Duration.ofSeconds(15), () -> {
            try {
                Collection<ServiceReference<BiFunction>> refs = context.getServiceReferences(BiFunction.class, "(liop.cli=" + name + ")");
                return refs.isEmpty() ? null : (BiFunction<String[], PrintStream, Integer>) context.getService(refs.iterator().next());
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = command.apply(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(exit), out.toString(StandardCharsets.UTF_8)};
    }

    @Test
    public void listensWithTheNodeKeyAndNamesItsFullAddress() throws Exception {
        Transport transport = transport();

        assertEquals("libp2p", transport.name());
        assertTrue("the key was created on first start", Files.isRegularFile(nodeKey()));
        assertTrue(transport.localIdentity(), transport.localIdentity().startsWith("12D3KooW"));
        List<String> addresses = transport.listenAddresses();
        assertEquals(addresses.toString(), 1, addresses.size());
        assertTrue(addresses.get(0), addresses.get(0).matches("/ip4/127\\.0\\.0\\.1/tcp/[1-9][0-9]*/p2p/" + transport.localIdentity()));
    }

    @Test
    public void aClientRunsAGuestOverLibp2pAsItsOwnPeerId() throws Exception {
        String address = transport().listenAddresses().get(0);
        String[] id = command("id");
        assertEquals(id[1], "0", id[0]);
        String clientPeerId = id[1].lines().findFirst().orElseThrow();
        Configs configs = new Configs(configurationAdmin);
        configs.factory("liop.tier", "this-client", Configs.props("name", "this-client", "agents", new String[] {"peer:" + clientPeerId}, "fuel.limit", 5_000_000_000L));
        configs.factory("liop.tier", "other-peers", Configs.props("name", "other-peers", "agents", new String[] {"peer:*"}, "fuel.limit", 100L));
        String hello = Distribution.guest("hello").toString();

        String[] run = Await.value("a run in this client's tier", Duration.ofSeconds(15), () -> {
            try {
                String[] attempt = command("exec", "--node", address, "--json", hello);
                return attempt[1].contains("\"status\":\"ok\"") ? attempt : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertEquals(run[1], "0", run[0]);
        assertTrue(run[1], run[1].contains("\"output\":{\"hello\":\"world\"}"));
        assertTrue(run[1], run[1].contains("\"engine\":\"chicory\""));

        configs.factory("liop.tier", "this-client", Configs.props("name", "this-client", "agents", new String[] {"peer:12D3KooWSomeoneElse"}, "fuel.limit", 5_000_000_000L));
        String[] starved = Await.value("the client back in the small tier of other peers", Duration.ofSeconds(15), () -> {
            try {
                String[] attempt = command("exec", "--node", address, "--json", hello);
                return attempt[1].contains("\"status\":\"out_of_fuel\"") ? attempt : null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(starved[1], "1", starved[0]);
        assertTrue(starved[1], starved[1].contains("tier other-peers"));
    }

    @Test
    public void aWrongPeerIdInTheAddressIsRefused() throws Exception {
        Transport transport = transport();
        String address = transport.listenAddresses().get(0);
        String impostor = address.substring(0, address.indexOf("/p2p/") + 5) + "12D3KooWECukLU9yZRTgqFu5hKs16VdFXvKU8xPg9n9u8DbUHfm9";

        String[] run = command("exec", "--node", impostor, Distribution.guest("hello").toString());

        assertEquals(run[1], "3", run[0]);
        assertEquals("", run[1]);
    }
}
