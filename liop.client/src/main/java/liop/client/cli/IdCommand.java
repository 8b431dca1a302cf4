package liop.client.cli;

import static liop.client.cli.CliContract.EXIT_NODE_FAILED;
import static liop.client.cli.CliContract.EXIT_OK;
import static liop.client.cli.CliContract.EXIT_USAGE;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.crypto.NodeKeyFile;
import liop.libp2p.multiaddr.Multiaddr;
import liop.libp2p.peer.PeerId;

/**
 * {@code liop id}: this installation's libp2p identity, the PeerId of its node key
 * ({@code <base>/data/node.key}, created if missing, as the node does on first start). Prints the
 * PeerId alone on the first line (for scripts), then the key file and the addresses the libp2p
 * transport is configured to listen on, in the full form agents dial.
 */
public final class IdCommand {

    static final String TRANSPORT_CFG = "liop.transport.libp2p.cfg";

    private final Path keyFile;
    private final Optional<Path> etc;

    /**
     * @param keyFile the node key
     * @param etc the configuration folder whose {@value #TRANSPORT_CFG} names the listen addresses, if known
     */
    public IdCommand(Path keyFile, Optional<Path> etc) {
        this.keyFile = keyFile;
        this.etc = etc;
    }

    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("liop id: takes no arguments, got " + String.join(" ", args));
            return EXIT_USAGE;
        }
        boolean existed = Files.exists(keyFile);
        Ed25519KeyPair key;
        try {
            key = NodeKeyFile.loadOrCreate(keyFile, new SecureRandom());
        } catch (IOException | RuntimeException e) {
            err.println("liop id: cannot read or create the node key " + keyFile + ": " + e.getMessage());
            return EXIT_NODE_FAILED;
        }
        PeerId peerId = PeerId.of(key.publicKey());
        out.println(peerId);
        out.println("key       " + keyFile + (existed ? "" : " (created now)"));
        for (String address : addresses(peerId, err)) {
            out.println("address   " + address);
        }
        out.flush();
        return EXIT_OK;
    }

    private List<String> addresses(PeerId peerId, PrintStream err) {
        List<String> addresses = new ArrayList<>();
        Optional<Path> cfg = etc.map(dir -> dir.resolve(TRANSPORT_CFG)).filter(Files::isRegularFile);
        if (cfg.isEmpty()) {
            return addresses;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(cfg.get(), StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        } catch (IOException e) {
            err.println("liop id: cannot read " + cfg.get() + ": " + e.getMessage());
            return addresses;
        }
        for (String entry : properties.getProperty("listen.addresses", "/ip4/127.0.0.1/tcp/4001").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                addresses.add(Multiaddr.parse(entry.strip()).withPeerId(peerId).toString());
            } catch (IllegalArgumentException e) {
                err.println("liop id: " + cfg.get() + ": listen.addresses entry '" + entry.strip() + "' is not a multiaddr: " + e.getMessage());
            }
        }
        return addresses;
    }
}
