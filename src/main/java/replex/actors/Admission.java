package replex.actors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;


/**
 * A short-lived child of the {@link JobManager}: asks every worker node's {@link NodeAgent}
 * whether it can run a job's target and answers once all have (or at the timeout). The job is
 * admitted only if every node can: a node that cannot load a user class would fail mid-run.
 */
final class Admission {

    interface Command extends JsonSerializable {
    }

    record Start(ActorRef<Result> replyTo) implements Command {
    }

    record Result(boolean ok, NodeAgent.TargetChecked check, String reason) implements JsonSerializable {
    }

    private record Checked(NodeAgent.TargetChecked answer) implements Command {
    }

    private enum Timeout implements Command {
        INSTANCE
    }

    private Admission() {
    }

    /**
     * @param agents the node agents to ask
     * @param question the question for a given reply address ({@link NodeAgent.CheckTarget},
     *     {@link NodeAgent.CheckObjective})
     * @param timeout how long to wait for all answers
     * @return the behaviour
     */
    static Behavior<Command> create(List<ActorRef<NodeAgent.Command>> agents,
            java.util.function.Function<ActorRef<NodeAgent.TargetChecked>, NodeAgent.Command> question,
            Duration timeout) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
                .onMessage(Start.class, start -> {
                    ActorRef<NodeAgent.TargetChecked> adapter = ctx.messageAdapter(NodeAgent.TargetChecked.class,
                            Checked::new);
                    for (ActorRef<NodeAgent.Command> agent : agents) {
                        agent.tell(question.apply(adapter));
                    }
                    timers.startSingleTimer(Timeout.INSTANCE, timeout);
                    return collecting(agents.size(), new ArrayList<>(), start.replyTo());
                })
                .build()));
    }

    private static Behavior<Command> collecting(int expected, List<NodeAgent.TargetChecked> answers,
            ActorRef<Result> replyTo) {
        return Behaviors.receive(Command.class)
                .onMessage(Checked.class, m -> {
                    answers.add(m.answer());
                    if (answers.size() < expected) {
                        return Behaviors.same();
                    }
                    replyTo.tell(decide(answers));
                    return Behaviors.stopped();
                })
                .onMessageEquals(Timeout.INSTANCE, () -> {
                    replyTo.tell(new Result(false, null, (expected - answers.size()) + " of " + expected
                            + " worker nodes did not answer the target check in time"));
                    return Behaviors.stopped();
                })
                .build();
    }

    private static Result decide(List<NodeAgent.TargetChecked> answers) {
        List<String> problems = new ArrayList<>();
        for (NodeAgent.TargetChecked a : answers) {
            if (!a.ok()) {
                problems.add("node " + a.node() + ": " + a.message());
            }
        }
        if (!problems.isEmpty()) {
            return new Result(false, null, String.join("; ", problems));
        }
        return new Result(true, answers.get(0), null);
    }
}
