#!/usr/bin/env python3
"""Generates IaC trees for benchmarks: a deliberately vulnerable multi-format bank estate, or a
large Terraform tree of N files. Deterministic (fixed seed), written from the providers' documented
attributes; not taken from any tool's test suite.

    gen_tree.py estate DIR [--services 60]
    gen_tree.py terraform DIR [--files 10000]
    gen_tree.py plan DIR [--resources 100000]      # DIR/plan.json
"""
import argparse
import json
import os
import random

rng = random.Random(20261123)


def pick(secure_chance=0.5):
    return rng.random() < secure_chance


def aws_module(i, declarations=True):
    """AWS resources of one service; `declarations` adds the variable and locals it uses (once
    per module directory, as Terraform requires)."""
    enc = pick()
    public = not pick(0.7)
    port = rng.choice([22, 3389, 5432, 443, 1433])
    cidr = "0.0.0.0/0" if not pick() else "10.0.0.0/8"
    header = f'''
variable "env" {{
  default = "prod"
}}

locals {{
  name = "svc-${{var.env}}"
}}
''' if declarations else ""
    return header + f'''
resource "aws_s3_bucket" "data{i}" {{
  bucket = "${{local.name}}-data"
  tags = {{ owner = "team{i % 7}" }}
}}

resource "aws_s3_bucket_public_access_block" "data{i}" {{
  bucket                  = aws_s3_bucket.data{i}.id
  block_public_acls       = {str(pick(0.8)).lower()}
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = {str(pick(0.8)).lower()}
}}

resource "aws_s3_bucket_acl" "data{i}" {{
  bucket = aws_s3_bucket.data{i}.id
  acl    = "{rng.choice(["private", "private", "public-read"])}"
}}

resource "aws_db_instance" "db{i}" {{
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  storage_encrypted       = {str(enc).lower()}
  publicly_accessible     = {str(public).lower()}
  backup_retention_period = {rng.choice([0, 1, 7, 35])}
  deletion_protection     = {str(pick()).lower()}
}}

resource "aws_security_group" "sg{i}" {{
  name = "sg{i}"
  ingress {{
    from_port   = {port}
    to_port     = {port}
    protocol    = "tcp"
    cidr_blocks = ["{cidr}"]
  }}
}}

resource "aws_kms_key" "k{i}" {{
  description         = "svc{i}"
  enable_key_rotation = {str(pick()).lower()}
}}

resource "aws_cloudwatch_log_group" "lg{i}" {{
  name              = "/svc/{i}"
  retention_in_days = {rng.choice([7, 30, 365, 400])}
}}

resource "aws_iam_policy" "p{i}" {{
  name   = "p{i}"
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect   = "Allow"
      Action   = "{rng.choice(["s3:GetObject", "*", "s3:*"])}"
      Resource = "*"
    }}]
  }})
}}

resource "aws_instance" "vm{i}" {{
  ami           = "ami-123456"
  instance_type = "t3.micro"
  associate_public_ip_address = {str(not pick(0.7)).lower()}
  metadata_options {{
    http_tokens = "{rng.choice(["required", "optional"])}"
  }}
  root_block_device {{
    encrypted = {str(pick()).lower()}
  }}
}}
'''


def azure_module(i):
    return f'''
resource "azurerm_storage_account" "sa{i}" {{
  name                      = "sa{i}"
  resource_group_name       = "rg"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  min_tls_version           = "{rng.choice(["TLS1_0", "TLS1_2"])}"
  https_traffic_only_enabled = {str(pick()).lower()}
  public_network_access_enabled = {str(not pick()).lower()}
}}

resource "azurerm_network_security_rule" "ssh{i}" {{
  name                        = "ssh"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "{rng.choice(["22", "3389", "443"])}"
  source_address_prefix       = "{rng.choice(["*", "Internet", "10.0.0.0/8"])}"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "nsg"
}}

resource "azurerm_key_vault" "kv{i}" {{
  name                     = "kv{i}"
  location                 = "westeurope"
  resource_group_name      = "rg"
  tenant_id                = "00000000-0000-0000-0000-000000000000"
  sku_name                 = "standard"
  purge_protection_enabled = {str(pick()).lower()}
}}
'''


def gcp_module(i):
    return f'''
resource "google_storage_bucket" "b{i}" {{
  name                        = "b{i}"
  location                    = "EU"
  uniform_bucket_level_access = {str(pick()).lower()}
}}

resource "google_sql_database_instance" "db{i}" {{
  name             = "db{i}"
  database_version = "POSTGRES_15"
  region           = "europe-west1"
  settings {{
    tier = "db-f1-micro"
    ip_configuration {{
      ipv4_enabled = {str(not pick()).lower()}
      authorized_networks {{
        value = "{rng.choice(["0.0.0.0/0", "10.0.0.0/8"])}"
      }}
    }}
    backup_configuration {{
      enabled = {str(pick()).lower()}
    }}
  }}
}}

resource "google_compute_firewall" "fw{i}" {{
  name    = "fw{i}"
  network = "default"
  allow {{
    protocol = "tcp"
    ports    = ["{rng.choice(["22", "3389", "443"])}"]
  }}
  source_ranges = ["{rng.choice(["0.0.0.0/0", "10.0.0.0/8"])}"]
}}
'''


def deployment(i):
    privileged = str(not pick(0.7)).lower()
    tag = rng.choice(["latest", "1.4.2", "1.4.2@sha256:" + "a" * 64])
    return f'''apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc{i}
  namespace: payments
spec:
  replicas: 2
  selector:
    matchLabels: {{app: svc{i}}}
  template:
    metadata:
      labels: {{app: svc{i}}}
    spec:
      hostNetwork: {str(not pick(0.8)).lower()}
      containers:
        - name: app
          image: registry.example.com/svc{i}:{tag}
          securityContext:
            privileged: {privileged}
            runAsNonRoot: {str(pick()).lower()}
            allowPrivilegeEscalation: {str(not pick()).lower()}
          env:
            - name: DB_HOST
              value: db{i}.internal
          resources:
            limits: {{cpu: 500m, memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: svc{i}
  namespace: payments
spec:
  type: {rng.choice(["ClusterIP", "LoadBalancer", "NodePort"])}
  selector: {{app: svc{i}}}
  ports: [{{port: 80, targetPort: 8080}}]
'''


def dockerfile(i):
    base = rng.choice(["python:3.12-slim", "node:latest", "ubuntu", "alpine:3.20"])
    lines = [f"FROM {base}", "RUN apt-get update && apt-get install -y curl ca-certificates"]
    if not pick():
        lines.append("RUN curl -sSL https://install.example.com/setup.sh | bash")
    if not pick(0.7):
        lines.append("ADD https://example.com/agent.tar.gz /opt/")
    lines += ["COPY . /app", "WORKDIR /app"]
    if pick():
        lines.append("USER 10001")
    lines.append('CMD ["/app/run"]')
    return "\n".join(lines) + "\n"


def cloudformation(i):
    return f'''AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket{i}:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: {rng.choice(["Private", "PublicRead"])}
  Db{i}:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t3.micro
      StorageEncrypted: {str(pick()).lower()}
      PubliclyAccessible: {str(not pick(0.7)).lower()}
  Sg{i}:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: svc{i}
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: {rng.choice(["0.0.0.0/0", "10.0.0.0/8"])}
'''


def workflow(i):
    ref = rng.choice(["v4", "11bd71901bbe5b1630ceea73d27597364c9af683"])
    return f'''name: ci{i}
on:
  pull_request_target:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@{ref}
        with:
          ref: ${{{{ github.event.pull_request.head.sha }}}}
      - run: echo "${{{{ github.event.pull_request.title }}}}"
      - uses: someorg/deploy-action@main
        with:
          token: ${{{{ secrets.DEPLOY_TOKEN }}}}
'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def estate(root, services):
    for i in range(services):
        svc = os.path.join(root, f"services/svc{i:03d}")
        write(f"{svc}/terraform/aws.tf", aws_module(i))
        if i % 3 == 0:
            write(f"{svc}/terraform/azure.tf", azure_module(i))
        if i % 3 == 1:
            write(f"{svc}/terraform/gcp.tf", gcp_module(i))
        write(f"{svc}/k8s/deployment.yaml", deployment(i))
        write(f"{svc}/Dockerfile", dockerfile(i))
        if i % 2 == 0:
            write(f"{svc}/cfn/stack.yaml", cloudformation(i))
        write(f"{root}/.github/workflows/svc{i:03d}.yml", workflow(i))


def terraform(root, files):
    per_dir = 10
    for n in range(files):
        d = os.path.join(root, f"stacks/s{n // per_dir:04d}")
        write(f"{d}/f{n % per_dir}.tf", aws_module(n, declarations=n % per_dir == 0))


def plan(path, resources):
    """A `terraform show -json` plan with `resources` planned resources (for the size limits)."""
    planned = []
    for i in range(resources):
        planned.append({
            "address": f"aws_db_instance.db{i}", "mode": "managed", "type": "aws_db_instance",
            "name": f"db{i}", "provider_name": "registry.terraform.io/hashicorp/aws",
            "values": {"engine": "postgres", "instance_class": "db.t3.micro",
                       "storage_encrypted": pick(), "publicly_accessible": not pick(0.7),
                       "backup_retention_period": rng.choice([0, 7]),
                       "tags": {"owner": f"team{i % 7}", "note": "x" * 200}},
        })
    doc = {"format_version": "1.2", "terraform_version": "1.9.0",
           "planned_values": {"root_module": {"resources": planned}}}
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["estate", "terraform", "plan"])
    parser.add_argument("dir")
    parser.add_argument("--services", type=int, default=60)
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--resources", type=int, default=100000)
    args = parser.parse_args()
    if args.kind == "estate":
        estate(args.dir, args.services)
    elif args.kind == "terraform":
        terraform(args.dir, args.files)
    else:
        plan(os.path.join(args.dir, "plan.json"), args.resources)


if __name__ == "__main__":
    main()
