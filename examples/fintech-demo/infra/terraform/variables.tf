variable "region" {
  description = "AWS region for the payments stack"
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Deployment environment name"
  type        = string
  default     = "prod"
}

variable "vpc_id" {
  description = "VPC that hosts the payments API"
  type        = string
  default     = "vpc-0a1b2c3d4e5f60718"
}

variable "db_username" {
  description = "Master user of the payments database"
  type        = string
  default     = "payments"
}

variable "availability_zone" {
  description = "Availability zone for the statement-archive volume"
  type        = string
  default     = "eu-west-1a"
}
