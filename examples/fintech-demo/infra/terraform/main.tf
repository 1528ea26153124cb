# Infrastructure for the Acme payments API.
# DELIBERATELY INSECURE: see examples/fintech-demo/README.md for the planted problems.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 4.0"
    }
  }
}

provider "aws" {
  region = var.region
}

# DELIBERATELY INSECURE: world-readable bucket holding customer statements; no server-side
# encryption, no versioning, no access logging, no public access block.
resource "aws_s3_bucket" "statements" {
  bucket = "acme-payments-statements-${var.environment}"
  acl    = "public-read"

  tags = {
    Name        = "payments-statements"
    Environment = var.environment
  }
}

# DELIBERATELY INSECURE: SSH and RDP open to the whole internet.
resource "aws_security_group" "payments_api" {
  name        = "payments-api"
  description = "Payments API hosts"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "RDP"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "PostgreSQL"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# DELIBERATELY INSECURE: public, unencrypted database with a password in the source.
resource "aws_db_instance" "payments" {
  identifier              = "payments-${var.environment}"
  engine                  = "postgres"
  engine_version          = "11.22"
  instance_class          = "db.t3.medium"
  allocated_storage       = 100
  db_name                 = "payments"
  username                = var.db_username
  password                = "S3cr3tP4ss!"
  publicly_accessible     = true
  storage_encrypted       = false
  backup_retention_period = 0
  deletion_protection     = false
  skip_final_snapshot     = true
  vpc_security_group_ids  = [aws_security_group.payments_api.id]
}

# DELIBERATELY INSECURE: full administrator rights for the application role.
resource "aws_iam_policy" "payments_app" {
  name        = "payments-app"
  description = "Permissions of the payments API"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      }
    ]
  })
}

# The same policy as a raw JSON document, as older modules write it.
resource "aws_iam_role_policy" "payments_worker" {
  name = "payments-worker"
  role = "payments-worker"

  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
POLICY
}

# DELIBERATELY INSECURE: customer-managed key without automatic rotation.
resource "aws_kms_key" "payments" {
  description             = "Payments data key"
  deletion_window_in_days = 7
  enable_key_rotation     = false
}

# DELIBERATELY INSECURE: unencrypted EBS volume for the statement archive.
resource "aws_ebs_volume" "statement_archive" {
  availability_zone = var.availability_zone
  size              = 200
  type              = "gp2"
  encrypted         = false

  tags = {
    Name = "statement-archive"
  }
}

# DELIBERATELY INSECURE: the trail exists but logging is switched off, it covers one region
# only, and log files are neither validated nor encrypted with a KMS key.
resource "aws_cloudtrail" "payments" {
  name                          = "payments-trail"
  s3_bucket_name                = "acme-security-audit-logs"
  enable_logging                = false
  is_multi_region_trail         = false
  include_global_service_events = false
}

output "statements_bucket" {
  value = aws_s3_bucket.statements.bucket
}

output "db_endpoint" {
  value = aws_db_instance.payments.endpoint
}
