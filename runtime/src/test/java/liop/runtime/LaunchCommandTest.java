package liop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import liop.runtime.LaunchCommand.Kind;
import org.junit.jupiter.api.Test;

class LaunchCommandTest {

    @Test
    void noArgumentsStartsTheNode() {
        assertThat(LaunchCommand.parse(List.of())).isEqualTo(new LaunchCommand(Kind.NODE, List.of()));
    }

    @Test
    void execPassesEverythingAfterItOnUnread() {
        LaunchCommand command = LaunchCommand.parse(List.of("exec", "hello", "--json", "--help"));

        assertThat(command.kind()).isEqualTo(Kind.EXEC);
        assertThat(command.arguments()).containsExactly("hello", "--json", "--help");
    }

    @Test
    void helpAndVersionHaveTheUsualSpellings() {
        for (String help : List.of("help", "-h", "--help")) {
            assertThat(LaunchCommand.parse(List.of(help)).kind()).isEqualTo(Kind.HELP);
        }
        for (String version : List.of("version", "--version")) {
            assertThat(LaunchCommand.parse(List.of(version)).kind()).isEqualTo(Kind.VERSION);
        }
        assertThat(LaunchCommand.parse(List.of("id")).kind()).isEqualTo(Kind.ID);
    }

    @Test
    void unknownCommandsAndStrayArgumentsAreNamed() {
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("exce", "hello"))).hasMessage("unknown command 'exce'");
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("version", "--json"))).hasMessage("version takes no arguments, got --json");
    }

    @Test
    void theUsageNamesEveryCommand() {
        assertThat(LaunchCommand.USAGE).contains("exec MODULE", "version", "help", "LIOP_HOME", "LIOP_BASE");
    }
}
