-- AlterEnum
ALTER TYPE "AlertMetric" ADD VALUE 'quota_headroom';
