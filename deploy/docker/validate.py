#!/usr/bin/env python3
"""Offline checks of deploy/docker and deploy/k8s (no Docker engine or cluster needed).

    python3 deploy/docker/validate.py

Parses every YAML file, then checks what review tends to miss: compose dependencies and variables, Dockerfile COPY
sources and ENTRYPOINT JSON, Kubernetes selectors against pod labels, probe ports against container ports, Secret keys
and the ServiceAccount the pods use, and that Orleans' Kubernetes labels equal the cluster ids the silos are given.
Prints one line per problem and exits 1 if there is any.
"""
import json
import os
import re
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOCKER = os.path.join(ROOT, "deploy", "docker")
K8S = os.path.join(ROOT, "deploy", "k8s")
problems = []


def problem(text):
    problems.append(text)
    print("problem: " + text)


def load_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


# --- Dockerfiles ---------------------------------------------------------------------------------------------
for name in ("silo.Dockerfile", "gateway.Dockerfile"):
    path = os.path.join(DOCKER, name)
    text = open(path, encoding="utf-8").read()
    for line in text.splitlines():
        m = re.match(r"^COPY (?!--from)(.+)$", line)
        if m:
            for source in m.group(1).split()[:-1]:
                if not os.path.exists(os.path.join(ROOT, source)):
                    problem(f"{name}: COPY source {source} does not exist")
        m = re.match(r"^(ENTRYPOINT|CMD) (\[.*\])$", line)
        if m:
            try:
                json.loads(m.group(2))
            except ValueError as e:
                problem(f"{name}: {m.group(1)} is not valid JSON ({e})")
    if not os.path.exists(path + ".dockerignore"):
        problem(f"{name}: no {name}.dockerignore (host bin/obj would enter the build)")
    if text.count("FROM ") < 2:
        problem(f"{name}: not multi-stage")

# --- compose -------------------------------------------------------------------------------------------------
compose = load_all(os.path.join(DOCKER, "compose.yaml"))[0]
services = compose.get("services", {})
example_env = open(os.path.join(DOCKER, "example.env"), encoding="utf-8").read()
for var in set(re.findall(r"\$\{([A-Z_]+):\?", open(os.path.join(DOCKER, "compose.yaml"), encoding="utf-8").read())):
    if not re.search(rf"^{var}=", example_env, re.M):
        problem(f"compose: required variable {var} is not in example.env")
for name, service in services.items():
    if "image" not in service and "build" not in service:
        problem(f"compose: service {name} has neither image nor build")
    for dependency, condition in (service.get("depends_on") or {}).items():
        if dependency not in services:
            problem(f"compose: {name} depends on unknown service {dependency}")
        if condition.get("condition") not in ("service_started", "service_healthy", "service_completed_successfully"):
            problem(f"compose: {name} -> {dependency}: unknown condition {condition}")
        if condition.get("condition") == "service_healthy" and "healthcheck" not in services.get(dependency, {}):
            problem(f"compose: {name} waits for {dependency} to be healthy, which has no healthcheck")
    for key, value in (service.get("environment") or {}).items():
        if not isinstance(value, str):
            problem(f"compose: {name}.environment.{key} is not a string ({value!r})")
    build = service.get("build")
    if build and not os.path.exists(os.path.join(DOCKER, build["context"], build["dockerfile"])):
        problem(f"compose: {name} builds from a missing Dockerfile {build['dockerfile']}")
if any(p for p in services.get("silo", {}).get("ports", [])):
    problem("compose: silo publishes host ports, so --scale silo=N would collide")

# --- Kubernetes ----------------------------------------------------------------------------------------------
docs = []
for name in sorted(os.listdir(K8S)):
    if name.endswith(".yaml"):
        for doc in load_all(os.path.join(K8S, name)):
            docs.append((name, doc))
by_kind = {}
for name, doc in docs:
    for key in ("apiVersion", "kind", "metadata"):
        if key not in doc:
            problem(f"{name}: a document has no {key}")
    by_kind.setdefault(doc.get("kind"), []).append(doc)

secret_keys = {(s["metadata"]["name"], k) for s in by_kind.get("Secret", []) for k in (s.get("stringData") or s.get("data") or {})}
accounts = {a["metadata"]["name"] for a in by_kind.get("ServiceAccount", [])}
pod_templates = []
for kind in ("Deployment", "Job"):
    for workload in by_kind.get(kind, []):
        spec = workload["spec"]
        template = spec["template"]
        labels = template["metadata"].get("labels", {})
        selector = (spec.get("selector") or {}).get("matchLabels", {})
        for key, value in selector.items():
            if labels.get(key) != value:
                problem(f"{kind} {workload['metadata']['name']}: selector {key}={value} does not match the pod labels")
        pod_templates.append((workload["metadata"]["name"], labels, template["spec"]))

for name, labels, pod in pod_templates:
    account = pod.get("serviceAccountName")
    if account and account not in accounts:
        problem(f"{name}: serviceAccountName {account} is not defined")
    for container in pod["containers"]:
        ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
        env = container.get("env", [])
        names = [e["name"] for e in env]
        if len(names) != len(set(names)):
            problem(f"{name}: duplicate environment variables")
        values = {e["name"]: e.get("value") for e in env}
        for e in env:
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref and (ref["name"], ref["key"]) not in secret_keys:
                problem(f"{name}: secret {ref['name']}/{ref['key']} is not in the example Secret")
            for used in re.findall(r"\$\(([A-Za-z_]+)\)", e.get("value") or ""):
                if used not in names[: names.index(e["name"])]:
                    problem(f"{name}: {e['name']} uses $({used}) before it is defined")
        for probe in ("readinessProbe", "livenessProbe"):
            spec = container.get(probe)
            if not spec:
                if "Job" not in name and "migrate" not in name:
                    problem(f"{name}: no {probe}")
                continue
            port = (spec.get("httpGet") or spec.get("tcpSocket") or {}).get("port")
            if isinstance(port, str) and port not in ports:
                problem(f"{name}: {probe} uses port {port}, which the container does not name")
        if values.get("Kubernetes__Enabled") == "true":
            if labels.get("orleans/serviceId") != values.get("ORLEANS_SERVICE_ID") or labels.get("orleans/clusterId") != values.get("ORLEANS_CLUSTER_ID"):
                problem(f"{name}: orleans/* pod labels differ from ORLEANS_SERVICE_ID / ORLEANS_CLUSTER_ID")
            if values.get("Orleans__ClusterId") != values.get("ORLEANS_CLUSTER_ID"):
                problem(f"{name}: Orleans__ClusterId differs from ORLEANS_CLUSTER_ID")
            for needed in ("POD_NAME", "POD_NAMESPACE", "POD_IP"):
                if needed not in names:
                    problem(f"{name}: Kubernetes hosting needs {needed}")

for kind in ("Service", "PodDisruptionBudget"):
    for item in by_kind.get(kind, []):
        selector = item["spec"]["selector"]
        selector = selector.get("matchLabels", selector)
        if not any(all(labels.get(k) == v for k, v in selector.items()) for _, labels, _ in pod_templates):
            problem(f"{kind} {item['metadata']['name']}: selector matches no pod template")

print(f"validate: {len(docs)} Kubernetes documents, {len(services)} compose services, 2 Dockerfiles; {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
