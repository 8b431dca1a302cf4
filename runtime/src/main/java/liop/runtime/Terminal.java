package liop.runtime;

import java.io.Console;

/** Whether a person is at the keyboard, which decides if the node gets an interactive shell. */
final class Terminal {

    private Terminal() {}

    /**
     * bin/liop knows best ({@code [ -t 0 ] && [ -t 1 ]}) and passes {@code -Dliop.interactive};
     * without it, the JDK's console decides. Since JDK 22 System.console() is not null for
     * redirected streams, so ask Console.isTerminal() where it exists.
     */
    static boolean isInteractive() {
        String told = System.getProperty("liop.interactive");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console is a terminal
        }
    }
}
