#pragma once
// Where the time of one analysis goes, for `humanear-cli bench`: code on the
// analysis path marks its stages with ScopedStage; when the calling thread has
// a StageTimes installed (StageTimes::Install) each stage's wall time is added
// to it, otherwise a ScopedStage costs one thread-local read.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace humanear::runtime {

struct StageTimes {
    std::vector<std::pair<std::string, double>> seconds;  // in first-seen order, summed per name

    void add(const char* name, double s) {
        for (auto& [n, v] : seconds)
            if (n == name) {
                v += s;
                return;
            }
        seconds.emplace_back(name, s);
    }
    static StageTimes*& current() {
        thread_local StageTimes* times = nullptr;
        return times;
    }
    // Collects the calling thread's stages while it lives.
    class Install {
    public:
        explicit Install(StageTimes& times) : previous_(current()) { current() = &times; }
        ~Install() { current() = previous_; }
        Install(const Install&) = delete;
        Install& operator=(const Install&) = delete;

    private:
        StageTimes* previous_;
    };
};

class ScopedStage {
public:
    explicit ScopedStage(const char* name) : name_(name), times_(StageTimes::current()) {
        if (times_) start_ = std::chrono::steady_clock::now();
    }
    ~ScopedStage() { stop(); }
    // Ends the stage before the scope does.
    void stop() {
        if (!times_) return;
        times_->add(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
        times_ = nullptr;
    }
    ScopedStage(const ScopedStage&) = delete;
    ScopedStage& operator=(const ScopedStage&) = delete;

private:
    const char* name_;
    StageTimes* times_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace humanear::runtime
