#!/usr/bin/env python3
"""Writes tests/data/netpol/fields and tests/data/netpol/calico.

Every expectation below is written by hand from Kubernetes / Calico semantics (a lambda per case), never
computed by the SDK. Re-run after editing: python3 tests/data/netpol/gen/generate.py
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
NS = ["x", "y", "z"]
PODS = [f"{n}/{p}" for n in NS for p in "abc"]


def ns_labels(extra=None):
    d = {n: {"ns": n, "kubernetes.io/metadata.name": n} for n in NS}
    for n, labels in (extra or {}).items():
        d[n].update(labels)
    return d


def pod_labels(extra=None):
    d = {p: {"pod": p.split("/")[1]} for p in PODS}
    for p, labels in (extra or {}).items():
        d[p].update(labels)
    return d


def knp(ns, name, spec):
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "namespace": ns}, "spec": spec}


def probes(ports, expect, peers=PODS, targets=None):
    out = []
    for port, proto in ports:
        for f in peers:
            for t in (targets or peers):
                if callable(port):
                    continue
                served = t not in SERVES or (port, proto) in SERVES[t]
                if not served:
                    continue
                p = {"from": f, "to": t, "port": port, "protocol": proto, "allowed": bool(expect(f, t, port, proto))}
                if f == t:
                    p["loopback"] = True
                out.append(p)
    return out


SERVES = {}


def write(folder, file, case):
    path = os.path.join(HERE, "..", folder)
    os.makedirs(path, exist_ok=True)
    case.setdefault("source", "Calico.Sdk project case (expectations written by hand, see tests/data/netpol/gen/generate.py)")
    with open(os.path.join(path, file), "w") as fh:
        json.dump(case, fh, indent=1)
        fh.write("\n")


def ns(p):
    return p.split("/")[0]


def pod(p):
    return p.split("/")[1]


# ---------------------------------------------------------------- fields
tcp80 = [{"port": 80, "protocol": "TCP"}]

write("fields", "f-01-endport-range.json", {
    "name": "endPort: a port range 80-81 on x/a",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP", "name": "serve-80-tcp"}, {"port": 81, "protocol": "TCP", "name": "serve-81-tcp"}, {"port": 82, "protocol": "TCP", "name": "serve-82-tcp"}],
    "policies": [knp("x", "range", {"podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Ingress"], "ingress": [{"ports": [{"protocol": "TCP", "port": 80, "endPort": 81}]}]})],
    "probes": probes([(80, "TCP"), (81, "TCP"), (82, "TCP")], lambda f, t, port, pr: t != "x/a" or port in (80, 81)),
})

write("fields", "f-02-ipblock-except.json", {
    "name": "ipBlock with except (host bits set in the CIDR), no protocol on the port (defaults to TCP)",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}],
    "policies": [knp("x", "cidr", {"podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Ingress"], "ingress": [
        {"from": [{"ipBlock": {"cidr": "${podIP:x/a}/8", "except": ["${podIP:y/b}/32"]}}], "ports": [{"port": 80}]}]})],
    "probes": probes([(80, "TCP")], lambda f, t, port, pr: t != "x/a" or f != "y/b"),
})

write("fields", "f-03-missing-policytypes-with-egress.json", {
    "name": "no policyTypes + egress rules: defaulted to [Ingress, Egress]; x/a may only talk to x/b and accepts nothing",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}],
    "policies": [knp("x", "egress-only-rules", {"podSelector": {"matchLabels": {"pod": "a"}}, "egress": [{"to": [{"podSelector": {"matchLabels": {"pod": "b"}}}]}]})],
    "probes": probes([(80, "TCP")], lambda f, t, port, pr: t != "x/a" and (f != "x/a" or t == "x/b")),
})

write("fields", "f-04-missing-policytypes-ingress-only.json", {
    "name": "no policyTypes, ingress rules only: defaulted to [Ingress]; egress stays open",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}],
    "policies": [knp("x", "ingress-rules", {"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"ns": "z"}}}]}]})],
    "probes": probes([(80, "TCP")], lambda f, t, port, pr: ns(t) != "x" or ns(f) == "z"),
})

SERVES = {"x/a": {(8080, "TCP"), (80, "TCP")}, "x/b": {(81, "TCP")}, "x/c": {(80, "TCP")}}
per_pod = {p: [{"port": 80, "protocol": "TCP", "name": "serve-80-tcp"}] for p in PODS}
per_pod["x/a"] = [{"port": 8080, "protocol": "TCP", "name": "web"}, {"port": 80, "protocol": "TCP", "name": "serve-80-tcp"}]
per_pod["x/b"] = [{"port": 81, "protocol": "TCP", "name": "web"}]
for p in PODS:
    SERVES.setdefault(p, {(80, "TCP")})
write("fields", "f-05-podserverports-named-port.json", {
    "name": "podServerPorts: the named port 'web' is 8080 on x/a and 81 on x/b",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "podServerPorts": per_pod,
    "policies": [knp("x", "web-only", {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"ports": [{"port": "web"}]}]})],
    "probes": probes([(80, "TCP"), (81, "TCP"), (8080, "TCP")], lambda f, t, port, pr: ns(t) != "x" or (t, port) in (("x/a", 8080), ("x/b", 81))),
})
SERVES = {}

write("fields", "f-06-udp-sctp-ports.json", {
    "name": "UDP and SCTP ports allowed, TCP isolated",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}, {"port": 80, "protocol": "UDP"}, {"port": 80, "protocol": "SCTP"}],
    "policies": [knp("x", "udp-sctp", {"podSelector": {}, "policyTypes": ["Ingress"], "ingress": [{"ports": [{"protocol": "UDP", "port": 80}, {"protocol": "SCTP", "port": 80}]}]})],
    "probes": probes([(80, "TCP"), (80, "UDP"), (80, "SCTP")], lambda f, t, port, pr: ns(t) != "x" or pr != "TCP"),
})

write("fields", "f-07-egress-all-namespaces-port.json", {
    "name": "egress from y to pods in every namespace (empty namespaceSelector) on TCP/80 only",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}, {"port": 81, "protocol": "TCP"}],
    "policies": [knp("y", "egress-80", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"namespaceSelector": {}}], "ports": [{"protocol": "TCP", "port": 80}]}]})],
    "probes": probes([(80, "TCP"), (81, "TCP")], lambda f, t, port, pr: ns(f) != "y" or port == 80),
})

# Multi-step: every action kind, replayed against one running system.
gate = knp("x", "gate", {"podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Ingress"], "ingress": [{"from": [
    {"podSelector": {"matchLabels": {"role": "client"}}}, {"namespaceSelector": {"matchLabels": {"trusted": "yes"}}}]}]})
gate_udp = knp("x", "gate", {"podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Ingress"], "ingress": [{"ports": [{"protocol": "UDP", "port": 80}]}]})
deny_y_egress = knp("y", "deny-egress", {"podSelector": {}, "policyTypes": ["Egress"]})
steps = [
    ([{"op": "create-policy", "namespace": "x", "name": "gate"}], ns_labels(), pod_labels(), [gate],
     lambda f, t: t != "x/a"),
    ([{"op": "add-pod-labels", "pod": "x/b", "labels": {"role": "client"}}], ns_labels(), pod_labels({"x/b": {"role": "client"}}), [gate],
     lambda f, t: t != "x/a" or f == "x/b"),
    ([{"op": "add-namespace-labels", "namespace": "y", "labels": {"trusted": "yes"}}], ns_labels({"y": {"trusted": "yes"}}), pod_labels({"x/b": {"role": "client"}}), [gate],
     lambda f, t: t != "x/a" or f == "x/b" or ns(f) == "y"),
    ([{"op": "update-policy", "namespace": "x", "name": "gate", "change": "only UDP/80 from anywhere"}, {"op": "create-policy", "namespace": "y", "name": "deny-egress"}],
     ns_labels({"y": {"trusted": "yes"}}), pod_labels({"x/b": {"role": "client"}}), [gate_udp, deny_y_egress],
     lambda f, t: t != "x/a" and ns(f) != "y"),
    ([{"op": "delete-policy", "namespace": "x", "name": "gate"}], ns_labels({"y": {"trusted": "yes"}}), pod_labels({"x/b": {"role": "client"}}), [deny_y_egress],
     lambda f, t: ns(f) != "y"),
    ([{"op": "delete-all-policies"}], ns_labels({"y": {"trusted": "yes"}}), pod_labels({"x/b": {"role": "client"}}), [],
     lambda f, t: True),
]
for i, (actions, nsl, pl, pols, exp) in enumerate(steps, 1):
    write("fields", f"f-08-replay-step{i}.json", {
        "name": f"replay of every action kind (step {i} of {len(steps)})",
        "step": {"index": i, "of": len(steps)}, "actionsBeforeThisStep": actions,
        "namespaces": nsl, "pods": pl,
        "serverPorts": [{"port": 80, "protocol": "TCP"}],
        "policies": pols,
        "probes": probes([(80, "TCP")], lambda f, t, port, pr, exp=exp: exp(f, t)),
    })

# ---------------------------------------------------------------- calico
def gnp(name, spec):
    return {"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkPolicy", "metadata": {"name": name}, "spec": spec}


def tier(name, order, action="Deny"):
    return {"apiVersion": "projectcalico.org/v3", "kind": "Tier", "metadata": {"name": name}, "spec": {"order": order, "defaultAction": action}}


write("calico", "c-01-tier-pass.json", {
    "name": "a security tier Passes y to the default tier and denies the rest; the Kubernetes policy then allows",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}],
    "calicoResources": [
        tier("security", 100),
        gnp("gate", {"tier": "security", "selector": "pod == 'a'", "types": ["Ingress"], "ingress": [
            {"action": "Pass", "source": {"namespaceSelector": "ns == 'y'"}}, {"action": "Deny"}]}),
    ],
    "policies": [knp("x", "allow-all-ns", {"podSelector": {"matchLabels": {"pod": "a"}}, "policyTypes": ["Ingress"], "ingress": [{"from": [{"namespaceSelector": {}}]}]})],
    "probes": probes([(80, "TCP")], lambda f, t, port, pr: pod(t) != "a" or ns(f) == "y"),
})

write("calico", "c-02-log-order-ties.json", {
    "name": "equal orders sort by name: a-deny (Log then Deny from pod c) runs before b-allow (TCP/80); unmatched 81 hits end of tier",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}, {"port": 81, "protocol": "TCP"}],
    "calicoResources": [
        gnp("b-allow", {"order": 10, "selector": "pod == 'a'", "ingress": [{"action": "Allow", "protocol": "TCP", "destination": {"ports": [80]}}]}),
        gnp("a-deny", {"order": 10, "selector": "pod == 'a'", "ingress": [{"action": "Log"}, {"action": "Deny", "source": {"selector": "pod == 'c'"}}]}),
    ],
    "policies": [],
    "probes": probes([(80, "TCP"), (81, "TCP")], lambda f, t, port, pr: pod(t) != "a" or (pod(f) != "c" and port == 80)),
})

write("calico", "c-03-profiles-and-staged.json", {
    "name": "namespace profile kns.z denies x; staged policies never enforce",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}],
    "calicoResources": [
        {"apiVersion": "projectcalico.org/v3", "kind": "Profile", "metadata": {"name": "kns.z"}, "spec": {
            "labelsToApply": {"pcns.ns": "z", "pcns.kubernetes.io/metadata.name": "z", "pcns.projectcalico.org/name": "z"},
            "ingress": [{"action": "Deny", "source": {"namespaceSelector": "ns == 'x'"}}, {"action": "Allow"}],
            "egress": [{"action": "Allow"}]}},
        {"apiVersion": "projectcalico.org/v3", "kind": "StagedGlobalNetworkPolicy", "metadata": {"name": "what-if"}, "spec": {
            "selector": "pod == 'b'", "ingress": [{"action": "Deny"}]}},
        {"apiVersion": "projectcalico.org/v3", "kind": "StagedNetworkPolicy", "metadata": {"name": "what-if-y", "namespace": "y"}, "spec": {
            "selector": "all()", "types": ["Egress"]}},
    ],
    "policies": [],
    "probes": probes([(80, "TCP")], lambda f, t, port, pr: not (ns(t) == "z" and ns(f) == "x")),
})

write("calico", "c-04-gnp-namespace-selector.json", {
    "name": "GlobalNetworkPolicy with namespaceSelector: pods c in x and y refuse pods a of any namespace",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}],
    "calicoResources": [gnp("c-guard", {"selector": "pod == 'c'", "namespaceSelector": "ns in {'x', 'y'}", "ingress": [
        {"action": "Deny", "source": {"selector": "pod == 'a'"}}, {"action": "Allow"}]})],
    "policies": [],
    "probes": probes([(80, "TCP")], lambda f, t, port, pr: not (t in ("x/c", "y/c") and pod(f) == "a")),
})

HOST_PEERS = PODS + ["host", "external"]


def host_expect(f, t, port, pr):
    if t == "host":
        if f == "host":
            return None
        if f == "external" or True:
            # workload → host: egress allowed (no pod policy isolates egress), then defaultEndpointToHostAction
            # Return hands it to the host endpoint's ingress, like traffic from outside.
            if (pr, port) == ("TCP", 22):
                return True          # failsafe
            # TCP/30000: denied by the preDNAT policy for traffic arriving through eth0, and by the end of the
            # default tier for workloads (preDNAT policies only see traffic arriving through the interface).
            return (pr, port) == ("TCP", 8080)  # host-allow; anything else: end of tier
    if f == "host":
        return True                  # host → local workload is not policed by workload ingress
    if t == "x/b":
        return False                 # isolated by the Kubernetes deny-all
    if f == "external":
        return t != "x/a"            # applyOnForward deny to x/a for traffic forwarded in through eth0
    if t == "external":
        return True                  # no egress policy on pods; eth0 forward-egress has no policy
    return True


host_probes = []
for f in HOST_PEERS:
    for t in HOST_PEERS:
        if f == t:
            continue
        ports = [(22, "TCP"), (8080, "TCP"), (9999, "TCP"), (30000, "TCP"), (9, "UDP")] if t == "host" else [(80, "TCP")]
        if f == "host" and t == "external":
            continue
        for port, pr in ports:
            e = host_expect(f, t, port, pr)
            if e is not None:
                host_probes.append({"from": f, "to": t, "port": port, "protocol": pr, "allowed": e})

write("calico-hostendpoints", "c-05-host-endpoint-flags.json", {
    "name": "host endpoint on eth0: failsafe ports, normal, preDNAT, doNotTrack and applyOnForward policies",
    "namespaces": ns_labels(), "pods": pod_labels(),
    "serverPorts": [{"port": 80, "protocol": "TCP"}],
    "defaultEndpointToHostAction": "Return",
    "calicoResources": [
        {"apiVersion": "projectcalico.org/v3", "kind": "HostEndpoint", "metadata": {"name": "node1-eth0", "labels": {"role": "node"}},
         "spec": {"node": "node1", "interfaceName": "eth0", "expectedIPs": ["${hostIP}"]}},
        gnp("host-allow", {"selector": "role == 'node'", "ingress": [{"action": "Allow", "protocol": "TCP", "destination": {"ports": [8080]}}]}),
        gnp("pre", {"selector": "role == 'node'", "preDNAT": True, "applyOnForward": True, "types": ["Ingress"], "ingress": [
            {"action": "Deny", "protocol": "TCP", "destination": {"ports": [30000]}}]}),
        gnp("untracked", {"selector": "role == 'node'", "doNotTrack": True, "applyOnForward": True, "ingress": [
            {"action": "Deny", "protocol": "UDP", "destination": {"ports": [9]}}]}),
        gnp("fwd", {"selector": "role == 'node'", "applyOnForward": True, "types": ["Ingress"], "ingress": [
            {"action": "Deny", "destination": {"nets": ["${podIP:x/a}/32"]}}, {"action": "Allow", "destination": {"nets": ["10.0.0.0/8"]}}]}),
    ],
    "policies": [knp("x", "deny-all-ingress", {"podSelector": {"matchLabels": {"pod": "b"}}, "policyTypes": ["Ingress"]})],
    "probes": host_probes,
    "notes": "x/b is isolated by a Kubernetes deny-all: host -> x/b still passes (host traffic to local workloads is not policed).",
})
